using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>The workload version, ports and goal state, with ops 3.x's command lines (<c>ops/hookcmds/_other.py</c>, <c>_port.py</c>).</summary>
public sealed partial class HookToolBackend
{
    /// <inheritdoc />
    public void ApplicationVersionSet(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        _ = Run("application-version-set", null, "--", version);
    }

    /// <inheritdoc />
    public void OpenPort(OpenedPort port)
    {
        port.Validate();
        _ = Run("open-port", null, port.ToString());
    }

    /// <inheritdoc />
    public void ClosePort(OpenedPort port)
    {
        port.Validate();
        _ = Run("close-port", null, port.ToString());
    }

    /// <inheritdoc />
    public IReadOnlyList<OpenedPort> OpenedPorts()
    {
        var output = Run("opened-ports", null, "--format=json");
        var ports = new List<OpenedPort>();
        foreach (var text in output.StringArray())
        {
            try
            {
                ports.Add(OpenedPort.Parse(text));
            }
            catch (FormatException e)
            {
                throw output.Unexpected("a JSON array of ports ('8443/tcp', 'icmp')", e.Message);
            }
        }

        return ports.AsReadOnly();
    }

    /// <inheritdoc />
    public GoalState GoalState() => Run("goal-state", null, "--format=json").GoalState();
}

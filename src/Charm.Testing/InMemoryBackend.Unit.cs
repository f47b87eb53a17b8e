using System.Collections.Immutable;
using System.Globalization;
using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>
/// The workload version (recorded at once, as Juju's hook context sends it straight to the controller), the ports
/// (held until the hook ends, as the agent flushes them with the hook's other changes) and <c>goal-state</c>.
/// </summary>
public sealed partial class InMemoryBackend
{
    private ImmutableSortedSet<OpenedPort>? _ports;
    private string? _workloadVersion;

    private ImmutableSortedSet<OpenedPort> Ports => _ports ??= _input.OpenedPorts.ToImmutableSortedSet(PortOrder.Instance);

    /// <inheritdoc />
    public void ApplicationVersionSet(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        _calls.Add(new BackendCall("application-version-set", version));
        _workloadVersion = version;
    }

    /// <inheritdoc />
    public void OpenPort(OpenedPort port)
    {
        _calls.Add(new BackendCall("open-port", port.ToString()));
        port.Validate();
        _ports = Ports.Add(port);
    }

    /// <inheritdoc />
    public void ClosePort(OpenedPort port)
    {
        _calls.Add(new BackendCall("close-port", port.ToString()));
        port.Validate();
        _ports = Ports.Remove(port);
    }

    /// <inheritdoc />
    public IReadOnlyList<OpenedPort> OpenedPorts()
    {
        _calls.Add(new BackendCall("opened-ports", ""));
        return [.. Ports];
    }

    /// <inheritdoc />
    public GoalState GoalState()
    {
        _calls.Add(new BackendCall("goal-state", ""));
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < Math.Max(_input.PlannedUnits, 1); n++)
        {
            units[$"{_appName}/{n.ToString(CultureInfo.InvariantCulture)}"] = "active";
        }

        units.TryAdd(_unitName, "active");
        var relations = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var r in _input.Relations)
        {
            var members = relations.TryGetValue(r.Endpoint, out var m) ? new Dictionary<string, string>(m, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
            members[r.RemoteApp] = "joined";
            foreach (var number in r.RemoteUnitsData.Keys)
            {
                members[r.RemoteUnitName(number)] = "joined";
            }

            relations[r.Endpoint] = members;
        }

        return new GoalState { Units = units, Relations = relations };
    }

    private sealed class PortOrder : IComparer<OpenedPort>
    {
        public static PortOrder Instance { get; } = new();

        public int Compare(OpenedPort x, OpenedPort y)
        {
            var byProtocol = string.CompareOrdinal(x.Protocol, y.Protocol);
            return byProtocol != 0 ? byProtocol : (x.Port ?? 0) != (y.Port ?? 0) ? (x.Port ?? 0).CompareTo(y.Port ?? 0) : (x.ToPort ?? 0).CompareTo(y.ToPort ?? 0);
        }
    }
}

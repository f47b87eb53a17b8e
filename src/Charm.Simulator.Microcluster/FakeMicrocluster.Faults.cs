using System.Globalization;
using System.Text;

namespace Charm.Simulator.Microcluster;

// Fault injection: unreachable hosts, injected failures, results and hangs.
public sealed partial class FakeMicrocluster
{
    /// <summary>Marks <paramref name="hostName"/>'s daemon unreachable (or reachable again) from the other members.</summary>
    /// <remarks>
    /// An unreachable member lists as <c>UNREACHABLE</c>, misses heartbeats, is the last candidate for a role, and
    /// a join through its address fails to connect. Commands run on the host itself still work.
    /// </remarks>
    public void SetReachable(string hostName, bool reachable)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        lock (_gate)
        {
            if (reachable)
            {
                _unreachableHosts.Remove(hostName);
            }
            else
            {
                _unreachableHosts.Add(hostName);
            }
        }
    }

    /// <summary>Makes matching calls return <paramref name="exitCode"/> and <paramref name="standardError"/> without running.</summary>
    /// <param name="hostName">The host, or <see cref="Any"/>.</param>
    /// <param name="command">The subcommand (<c>bootstrap</c>, <c>add</c>, <c>join</c>, <c>list</c>, <c>remove</c>), or <see cref="Any"/>.</param>
    /// <param name="exitCode">The exit code to return.</param>
    /// <param name="standardError">The standard error to return, verbatim (include the <c>Error: </c> prefix to look real).</param>
    /// <param name="lifetime">Fire once, or until cleared.</param>
    public void InjectFailure(string hostName, string command, int exitCode, string standardError, FaultLifetime lifetime = FaultLifetime.Once) =>
        InjectResult(hostName, command, new CliResult(exitCode, string.Empty, standardError), lifetime);

    /// <summary>Makes matching calls return <paramref name="result"/> without running (e.g. malformed <c>list</c> output).</summary>
    /// <param name="hostName">The host, or <see cref="Any"/>.</param>
    /// <param name="command">The subcommand, or <see cref="Any"/>.</param>
    /// <param name="result">What matching calls return.</param>
    /// <param name="lifetime">Fire once, or until cleared.</param>
    public void InjectResult(string hostName, string command, CliResult result, FaultLifetime lifetime = FaultLifetime.Once)
    {
        ArgumentNullException.ThrowIfNull(result);
        AddFault(new FaultRule(hostName, command, result, lifetime, ApplyCommand: false));
    }

    /// <summary>Makes matching calls hang: they return a result with <see cref="CliResult.TimedOut"/> set.</summary>
    /// <param name="hostName">The host, or <see cref="Any"/>.</param>
    /// <param name="command">The subcommand, or <see cref="Any"/>.</param>
    /// <param name="lifetime">Fire once, or until cleared.</param>
    /// <param name="applyCommand">
    /// Let the daemon do the work before the call hangs (a token is issued, a join completes), as when a real CLI
    /// call times out after the daemon acted.
    /// </param>
    public void InjectHang(string hostName, string command, FaultLifetime lifetime = FaultLifetime.Once, bool applyCommand = false) =>
        AddFault(new FaultRule(hostName, command, CliResult.Hung, lifetime, applyCommand));

    /// <summary>Disarms the faults injected for <paramref name="hostName"/> and <paramref name="command"/> (<see cref="Any"/> selects all).</summary>
    /// <returns>How many faults were disarmed.</returns>
    public int ClearFaults(string hostName = Any, string command = Any)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentException.ThrowIfNullOrEmpty(command);
        lock (_gate)
        {
            return _faults.RemoveAll(f => (hostName == Any || f.HostName == hostName) && (command == Any || f.Command == command));
        }
    }

    private void AddFault(FaultRule rule)
    {
        ArgumentException.ThrowIfNullOrEmpty(rule.HostName, "hostName");
        ArgumentException.ThrowIfNullOrEmpty(rule.Command, "command");
        lock (_gate)
        {
            _faults.Add(rule);
        }
    }

    private FaultRule? TakeFault(string hostName, string command)
    {
        int index = _faults.FindIndex(f => f.Matches(hostName, command));
        if (index < 0)
        {
            return null;
        }

        FaultRule fault = _faults[index];
        if (fault.Lifetime == FaultLifetime.Once)
        {
            _faults.RemoveAt(index);
        }

        return fault;
    }
}

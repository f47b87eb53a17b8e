using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Framework.Dispatch;

/// <summary>What a charm is constructed with for one hook.</summary>
/// <remarks>
/// Not Charm.Testing's <c>Context</c>, which runs one hook of a charm in a test (and builds this one for it on the way).
/// </remarks>
public sealed class CharmContext
{
    internal CharmContext(CharmFramework framework, JujuEnvironment environment, IProcessRunner processRunner, string hostName, TimeProvider time)
    {
        Time = time;
        Framework = framework;
        Environment = environment;
        ProcessRunner = processRunner;
        HostName = hostName;
    }

    /// <summary>The event machinery: observe events, stored state.</summary>
    public CharmFramework Framework { get; }

    /// <summary>The model.</summary>
    public JujuModel Model => Framework.Model;

    /// <summary>The hook environment Juju set.</summary>
    public JujuEnvironment Environment { get; }

    /// <summary>Runs workload commands (replaced by a recorder in tests).</summary>
    public IProcessRunner ProcessRunner { get; }

    /// <summary>The machine's node name (<c>uname -n</c>).</summary>
    public string HostName { get; }

    /// <summary>
    /// The clock of this hook: on real Juju the system clock; under the simulator its simulated time (in process mode
    /// from <see cref="Dispatcher.SimulatedTimeVariable"/>); in a Charm.Testing test the context's. Read time here, not
    /// from the system clock, so a charm's own timeouts run on the simulator's time without code of its own.
    /// </summary>
    public TimeProvider Time { get; }
}

using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Processes;
using Charm.Framework.State;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

/// <summary>
/// Runs a hook of an in-process charm: the framework's own <see cref="HookSession"/> with the simulator's backend, a
/// workload runner that routes the cluster CLI to the fake cluster, and the unit's stored state, which is replaced only
/// when the hook succeeds; its clock is the simulated one, and waiting on it moves that on (<see cref="InProcessHookClock"/>). The hook runs on its own thread so a hook that hangs can be abandoned at the timeout; its
/// context is closed first, so anything it does afterwards is refused and nothing it saves is kept.
/// </summary>
internal sealed class InProcessHookRunner(IProcessRunner? fallback, ISimulationClock clock, TimeSpan? grace, Action<TimeSpan> wait) : IHookRunner
{
    public HookRunOutcome Run(HookContext context, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var unit = context.Unit;
        var charm = unit.Application.Charm;
        JujuEnvironment jujuEnvironment;
        try
        {
            jujuEnvironment = JujuEnvironment.Parse(environment, environment["JUJU_CHARM_DIR"]);
        }
        catch (JujuEnvironmentException e)
        {
            return new HookRunOutcome(HookResult.Failed, Dispatcher.ExitEnvironmentError, e.Message);
        }

        var store = new InMemoryStateStore(unit.StoredState);
        var error = new StringWriter();
        var errorWriter = TextWriter.Synchronized(error);
        var session = new HookSession(
            jujuEnvironment,
            new SimulatorBackend(context),
            store,
            charm.Metadata,
            new WorkloadProcessRunner(context, fallback),
            unit.HostName,
            errorWriter)
        {
            // The hook's simulated time, as a charm run as a process reads it from CHARM_SIM_TIME; a wait on it beyond the
            // grace moves the simulated clock (and the fake cluster's heartbeats) on, as a process hook's sleep does.
            Time = new InProcessHookClock(clock, grace, wait),
        };

        HookOutcome? outcome = null;
        Exception? crash = null;
        var thread = new Thread(() =>
        {
            try
            {
                outcome = session.Run(charm.Factory!);
            }
            catch (Exception e)
            {
                crash = e;
            }
        })
        {
            IsBackground = true,
            Name = "hook " + unit.Name + " " + context.Hook.HookName,
        };
        thread.Start();
        if (!thread.Join(timeout))
        {
            context.Close();
            return new HookRunOutcome(HookResult.TimedOut, -1, $"{context.Hook.HookName} on {unit.Name} did not finish within {timeout.TotalSeconds:0.###} s and was abandoned.\n");
        }

        if (crash is not null)
        {
            return new HookRunOutcome(HookResult.Failed, Dispatcher.ExitHookFailed, crash.ToString());
        }

        if (outcome!.Succeeded)
        {
            unit.StoredState = store.Current;
            return new HookRunOutcome(HookResult.Succeeded, 0, Snapshot(error));
        }

        return new HookRunOutcome(HookResult.Failed, outcome.ExitCode, Snapshot(error));
    }

    // Only read after the hook's thread ended (an abandoned thread may still be writing).
    private static string Snapshot(StringWriter writer) => writer.ToString();
}

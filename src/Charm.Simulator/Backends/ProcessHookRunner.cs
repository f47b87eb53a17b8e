using Charm.Framework.Processes;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

/// <summary>
/// Runs a hook as Juju does: the unit's copy of the charm's <c>dispatch</c>, in its directory, with Juju's environment
/// and nothing of the simulator's (no <c>HOME</c>; <c>LANG=C.UTF-8</c> and the rest of what Juju sets on Ubuntu),
/// the hook tools first on <c>PATH</c> and the socket and context id they report to; under the unit's own host name when
/// the machine allows (<see cref="HostnameIsolation"/>), else with <c>SIM_HOSTNAME</c> set, and the simulated time in
/// <c>CHARM_SIM_TIME</c> (<see cref="SimulationTimeProvider"/>). At the timeout the whole
/// process tree is killed and the hook counts as failed.
/// </summary>
internal sealed class ProcessHookRunner(ProcessWorkspace workspace, HookToolSocketServer server, bool isolateHostNames) : IHookRunner
{
    /// <summary>The variable set to the unit's host name when processes cannot get their own.</summary>
    public const string HostNameVariable = "SIM_HOSTNAME";

    public HookRunOutcome Run(HookContext context, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var unit = context.Unit;
        var directory = unit.CharmDirectory ?? throw new InvalidOperationException($"{unit.Name} has no charm directory copy.");
        // Juju builds a hook's environment from scratch: nothing of the agent's own is passed on but PATH (after the
        // tools' directory). So every variable this process has is removed, then Juju's are set.
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            variables[name] = null;
        }

        foreach (var (name, value) in HookEnvironment.UbuntuFixed)
        {
            variables[name] = value;
        }

        variables[SimulationTimeProvider.TimeVariable] = SimulationTimeProvider.Format(context.Now);
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        var inherited = Environment.GetEnvironmentVariable("PATH");
        var tools = workspace.BinDirectory + ":" + workspace.WorkloadDirectory;
        variables["PATH"] = string.IsNullOrEmpty(inherited) ? tools : tools + ":" + inherited;
        variables[HookToolProtocol.SocketVariable] = workspace.SocketPath;
        variables[HookToolProtocol.ContextVariable] = context.Id;
        if (!isolateHostNames)
        {
            variables[HostNameVariable] = unit.HostName;
        }

        var dispatch = Path.Combine(directory, "dispatch");
        var spec = isolateHostNames
            ? HostnameIsolation.Isolated(dispatch, unit.HostName, directory, timeout)
            : HostnameIsolation.Plain(dispatch, directory, timeout);
        server.Register(context);
        try
        {
            var runner = new SystemProcessRunner(variables);
            ProcessResult result;
            try
            {
                result = runner.Run(spec);
            }
            catch (ProcessStartException e)
            {
                return new HookRunOutcome(HookResult.Failed, -1, e.Message);
            }

            if (result.TimedOut)
            {
                return new HookRunOutcome(
                    HookResult.TimedOut,
                    -1,
                    $"{context.Hook.HookName} on {unit.Name} did not finish within {timeout.TotalSeconds:0.###} s; its process tree was killed.\n" + result.StandardError);
            }

            return new HookRunOutcome(result.ExitCode == 0 ? HookResult.Succeeded : HookResult.Failed, result.ExitCode, result.StandardError);
        }
        finally
        {
            context.Close();
            server.Unregister(context.Id);
        }
    }
}

using Charm.Framework.Model;
using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Processes;

namespace Charm.Simulator.Tests.Cli;

/// <summary>
/// What charm-sim reports about a run that did not converge, and when it calls a run converged. ops sends a hook's
/// traceback to <c>juju-log</c> (canonical/operator's main sets up a JujuLogHandler and logs the uncaught exception),
/// so an operator reads it with <c>juju debug-log</c>; charm-sim shows those lines and the hook's standard error.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FailureReportTests : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("sim-report-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    [Fact]
    public void AFailingHooksReportShowsItsLastJujuLogLinesAndStandardError()
    {
        var (_, distributor) = ProgramPaths.MakeClusterCharms(_charms, ProgramPaths.FastTestCharm);
        var consumer = Path.Combine(_charms, "failing");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "metadata.yaml"), "name: microctl\nrequires:\n  cluster:\n    interface: worker-cluster\n    limit: 1\n");
        ProgramPaths.WriteExecutable(Path.Combine(consumer, "dispatch"), """
            #!/bin/sh
            [ "$JUJU_HOOK_NAME" = install ] || exit 0
            juju-log --log-level ERROR -- "Uncaught exception while in charm code:"
            juju-log --log-level ERROR -- "RuntimeError: the workload is not installed"
            echo "dispatch: install failed" >&2
            exit 1
            """.Replace("\r", "", StringComparison.Ordinal) + "\n");

        var (exit, output, _) = CliHarness.Demo(
            "--consumer", consumer, "--distributor", distributor, "--mode", "process", "--units", "1", "--quiet",
            "--max-steps", "30", "--hook-tool", ProgramPaths.FastHookToolDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("microctl/0 keeps failing (and retrying) install", output, StringComparison.Ordinal);
        Assert.Contains("ERROR RuntimeError: the workload is not installed", output, StringComparison.Ordinal);
        Assert.Contains("dispatch: install failed", output, StringComparison.Ordinal);
        Assert.True(
            output.IndexOf("Uncaught exception", StringComparison.Ordinal) < output.IndexOf("RuntimeError", StringComparison.Ordinal),
            "the juju-log lines are not in order");
    }

    [Fact]
    public void ConvergedRequiresNoUnitInErrorOrBlocked()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5 });
        sim.Deploy("microctl", BuiltInCharms.Consumer("microctl"), 2);
        sim.Deploy("token-distributor", BuiltInCharms.Distributor());
        sim.Relate("microctl", "token-distributor");
        Assert.True(sim.RunUntil(s => ClusterFormation.Converged(s, "microctl")).Converged);
        var unit = sim.Model.GetUnit("token-distributor/0");
        var status = unit.WorkloadStatus;

        unit.WorkloadStatus = Status.Blocked("waiting for an operator");
        Assert.False(ClusterFormation.Converged(sim, "microctl"));
        Assert.True(ClusterFormation.Converged(sim, "microctl", allowBlocked: true));

        unit.WorkloadStatus = status;
        unit.FailingHook = "update-status";
        Assert.False(ClusterFormation.Converged(sim, "microctl", allowBlocked: true));
    }
}

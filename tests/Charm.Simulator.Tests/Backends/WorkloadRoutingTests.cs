using Charm.Framework.Events;
using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Backends;

/// <summary>An in-process charm's workload commands: the cluster CLI goes to the fake cluster under the unit's host name.</summary>
public sealed class WorkloadRoutingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void TheWorkloadCliRunsOnTheFakeClusterAsTheUnitsHost()
    {
        var results = new Dictionary<string, ProcessResult>();
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("micro", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is StartEvent)
            {
                var runner = charm.Context.ProcessRunner;
                var verb = charm.Unit.IsLeader ? "bootstrap" : "list";
                results[charm.Unit.Name] = runner.Run(new ProcessSpec("microctl", [verb], Timeout));
                results[charm.Unit.Name + " uname"] = runner.Run(new ProcessSpec("uname", ["-n"], Timeout));
            }
        }), units: 2);

        sim.RunUntilQuiescent();

        Assert.True(results["micro/0"].Succeeded);
        Assert.Equal("micro-0\n", results["micro/0 uname"].StandardOutput);
        Assert.Equal("micro-1\n", results["micro/1 uname"].StandardOutput);
        Assert.Equal(1, results["micro/1"].ExitCode);
        Assert.Contains("not yet initialized", results["micro/1"].StandardError, StringComparison.Ordinal);
        Assert.Equal("micro-0", Assert.Single(Assert.Single(sim.Microcluster.ListClusters()).Members).Name);
        var start = sim.Trace.Single(t => t.Unit == "micro/0" && t.Hook.HookName == "start");
        Assert.Equal("micro-0", Assert.Single(start.ClusterCalls).HostName);
    }

    [Fact]
    public void AMultiWordPrefixRoutesOnlyItsOwnSubcommand()
    {
        var results = new List<ProcessResult>();
        using var sim = new Simulation(new SimulationOptions { Seed = 1, UpdateStatusInterval = null, WorkloadCommand = "microovn cluster" });
        sim.Deploy("ovn", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is InstallEvent)
            {
                results.Add(charm.Context.ProcessRunner.Run(new ProcessSpec("microovn", ["cluster", "bootstrap"], Timeout)));
                results.Add(charm.Context.ProcessRunner.Run(new ProcessSpec("microovn", ["status"], Timeout)));
            }
        }));

        sim.RunUntilQuiescent();

        Assert.True(results[0].Succeeded, results[0].StandardError);
        Assert.Equal(1, results[1].ExitCode);
        Assert.Contains("only 'microovn cluster …' is simulated", results[1].StandardError, StringComparison.Ordinal);
        Assert.Single(sim.Microcluster.ListClusters());
    }

    [Fact]
    public void AnInjectedHangIsATimedOutProcessAndOtherProgramsCannotStart()
    {
        ProcessResult? hung = null;
        Exception? notFound = null;
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Microcluster.InjectHang(FakeMicrocluster.Any, "bootstrap");
        sim.Deploy("micro", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is InstallEvent)
            {
                hung = charm.Context.ProcessRunner.Run(new ProcessSpec("microctl", ["bootstrap"], Timeout));
                try
                {
                    charm.Context.ProcessRunner.Run(new ProcessSpec("systemctl", ["restart", "x"], Timeout));
                }
                catch (ProcessStartException e2)
                {
                    notFound = e2;
                }
            }
        }));

        sim.RunUntilQuiescent();

        Assert.NotNull(hung);
        Assert.True(hung.TimedOut);
        Assert.NotNull(notFound);
        Assert.Empty(sim.Microcluster.ListClusters());
    }
}

using Charm.Reliability.Tests.Model;
using Charm.Reliability.Tests.Support;
using Charm.Simulator.Scheduler;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// The two protocol-level hazards the model-based test found (docs/reliability.md, F-1 and F-2), fixed by the
/// bootstrap-grant extension: the distributor grants the bootstrap to one consumer unit and moves the grant only once that
/// unit has departed and no related unit can be a cluster member.
/// </summary>
public sealed class KnownHazardTests
{
    [Fact]
    public void AWorkloadLeftAloneAfterTheOnlyMemberLeftFormsANewCluster()
    {
        using var deployment = new TwoWorkloadUnits();
        var sim = deployment.Sim;

        // workload/0 bootstraps before workload/1 runs a hook; then it leaves, and its machine with it.
        while (sim.Microcluster.ListClusters().Count == 0 && (sim.Step("distributor/0") is not null | sim.Step("workload/0") is not null))
        {
        }

        Assert.Equal("workload-0", Assert.Single(Assert.Single(sim.Microcluster.ListClusters()).Members).Name);
        sim.RemoveUnit("workload/0");
        sim.RunUntilQuiescent(maxSteps: 300);
        sim.Microcluster.SetReachable("workload-0", reachable: false);
        sim.AdvanceTime(TimeSpan.FromHours(4));
        sim.TriggerUpdateStatus();
        sim.RunUntilQuiescent(maxSteps: 300);

        Assert.Contains(sim.Microcluster.ListClusters(), c => c.Members.Any(m => m.Name == "workload-1"));
    }

    [Fact]
    public void ABootstrapThatWasNotCommittedIsNotRepeatedByTheNextLeader()
    {
        using var deployment = new TwoWorkloadUnits();
        var sim = deployment.Sim;
        var world = deployment.World;
        Assert.True(sim.Model.GetUnit("workload/0").IsLeader);

        // workload/0, the leader, bootstraps and its hook fails right after (nothing it wrote is committed).
        world.Crashes.Arm("workload/0", CrashPoint.AfterBootstrap);
        while (world.Crashes.Fired == 0 && (sim.Step("distributor/0") is not null | sim.Step("workload/0") is not null))
        {
        }

        Assert.Equal(1, world.Crashes.Fired);
        Assert.Equal("workload-0", Assert.Single(Assert.Single(sim.Microcluster.ListClusters()).Members).Name);

        // Leadership moves before workload/0 retries; the new leader must not bootstrap a second cluster.
        sim.SetLeader("workload/1");
        var result = sim.RunUntilQuiescent(maxSteps: 300);

        Assert.Equal(StopReason.Quiescent, result.Reason);
        var cluster = Assert.Single(sim.Microcluster.ListClusters());
        Assert.Equal(["workload-0", "workload-1"], cluster.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(sim.Microcluster.ListCalls(), c => c.HostName == "workload-1" && c.Arguments is ["bootstrap", ..]);
    }

    [Fact]
    public void TheScheduleThatFoundTheSplitBrainConvergesToOneCluster()
    {
        // Found with CsCheck seed 5VmyE3DuY6n1 (of an earlier generator); its first nine operations, then the faults stop and
        // the cluster must converge (the runner checks one cluster after every hook, and convergence at the end).
        var schedule = new Schedule(2, 2, -9624884, Converge: true, TailSteps: 0,
        [
            new Crash(App.Distributor, 5, CrashPoint.HookEnd),
            new UpdateStatus(),
            new Steps(9),
            new Crash(App.Workload, 2, CrashPoint.AfterBootstrap),
            new Steps(1),
            new Steps(8),
            new MoveLeader(App.Workload, 1),
            new Steps(7),
            new Steps(7),
        ]);
        var clusters = 0;

        ScheduleRunner.Run(schedule, inspect: sim => clusters = sim.Microcluster.ListClusters().Count);

        Assert.Equal(1, clusters);
    }
}

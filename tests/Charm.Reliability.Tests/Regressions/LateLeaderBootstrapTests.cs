using Charm.Simulator.Scheduler;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// Found by the model-based test (docs/reliability.md, bug B-1): leadership moved to a workload unit after its relation
/// hooks had run (its leader left before bootstrapping). No relation hook came any more, so it never bootstrapped and
/// the application waited for a cluster for ever. The periodic update-status now lets a leader outside the cluster
/// bootstrap (the v0 path, with a distributor that does not grant the bootstrap; see the consumer's unit tests). With the
/// bootstrap-grant extension, which both charms here speak, leadership plays no part: the distributor grants the bootstrap
/// to a unit it sees, and that unit bootstraps in its relation hooks.
/// </summary>
public sealed class LateLeaderBootstrapTests
{
    [Fact]
    public void AUnitGrantedTheBootstrapFormsTheClusterWithoutBeingTheLeader()
    {
        using var deployment = new TwoWorkloadUnits();
        var sim = deployment.Sim;

        // workload/0, the leader, only installs; workload/1 and the distributor run every hook they have.
        Assert.Equal("install", sim.Step("workload/0")!.Hook.HookName);
        while (sim.Step("distributor/0") is not null | sim.Step("workload/1") is not null)
        {
        }

        // The distributor saw only workload/1 and granted it the bootstrap: it bootstrapped without being the leader.
        Assert.False(sim.Model.GetUnit("workload/1").IsLeader);
        Assert.Equal("workload/1", sim.Model.Relations.Single().ApplicationData("distributor")["cluster-bootstrap-unit"]);
        Assert.Equal("workload-1", Assert.Single(Assert.Single(sim.Microcluster.ListClusters()).Members).Name);

        // The leader leaves before bootstrapping; workload/1 becomes the leader after its relation hooks ran.
        sim.RemoveUnit("workload/0");
        var result = sim.RunUntilQuiescent(maxSteps: 200);
        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.All(sim.Trace, t => Assert.Equal(HookResult.Succeeded, t.Result));
        Assert.True(sim.Model.GetUnit("workload/1").IsLeader);

        sim.TriggerUpdateStatus();
        sim.RunUntilQuiescent(maxSteps: 200);

        var cluster = Assert.Single(sim.Microcluster.ListClusters());
        Assert.Equal("workload-1", Assert.Single(cluster.Members).Name);
        Assert.Equal(1, sim.Microcluster.ListCalls().Count(c => c.Arguments is ["bootstrap", ..]));
    }
}

using Charm.Framework.Model;
using Charm.Testing;

namespace MyDistributor.Tests;

/// <summary>One hook at a time on Charm.Testing's in-memory agent: the leader mirrors every related unit's host.</summary>
public sealed class MyDistributorCharmTests
{
    private static readonly CharmMetadata Metadata = new([new EndpointSpec("microcluster-cluster", EndpointRole.Provides, "worker-cluster")]);

    [Fact]
    public void The_leader_mirrors_the_host_names_the_workload_units_publish()
    {
        var context = new Context(c => new MyDistributorCharm(c), Metadata, "my-distributor/0");
        var relation = new RelationState("microcluster-cluster", 4, "my-workload")
            .WithRemoteUnit(0, [new("hostname", "juju-machine-0")])
            .WithRemoteUnit(1, [new("hostname", "juju-machine-1")]);

        var result = context.Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(4).LocalUnitData;
        Assert.Equal("up", own["mirror"]);
        Assert.Equal("empty", own["mirror-juju-machine-0"]);
        Assert.Equal("empty", own["mirror-juju-machine-1"]);
        Assert.Equal(Status.Active("Mirroring join tokens"), result.Output.UnitStatus);
    }

    [Fact]
    public void A_unit_that_does_not_lead_stands_by()
    {
        var context = new Context(c => new MyDistributorCharm(c), Metadata, "my-distributor/1");

        var result = context.Run(Hook.Start, new State { Leader = false }).EnsureSuccess();

        Assert.Equal(Status.Active("Standing by"), result.Output.UnitStatus);
    }
}

using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>The consumer's v0.8 behaviours: bootstrap-app gating and the safe mirror-down.</summary>
public sealed class ConsumerV08Tests
{
    // ---------- bootstrap-app gating ----------

    [Fact]
    public void A_leader_bootstraps_when_bootstrap_app_names_its_own_application()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(OurMirrorWithoutGrant(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.True(result.Output.StoredInCluster());
    }

    [Fact]
    public void A_leader_does_not_bootstrap_when_bootstrap_app_names_another_application()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "other-workload")));

        var joined = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();
        var changed = h.Run(Hook.RelationChanged(relation, 0), joined.Output).EnsureSuccess();

        Assert.Empty(joined.ProcessCalls);
        Assert.Empty(changed.ProcessCalls);
        Assert.Empty(h.Recorder.Events);
        Assert.Equal(Status.Maintenance("Token not in mirror"), changed.Output.UnitStatus);
    }

    [Fact]
    public void Bootstrap_app_is_compared_exactly()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "Workload")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
    }

    [Fact]
    public void With_a_seed_provider_no_bootstrap_app_and_no_advertisement_the_leader_bootstraps()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
    }

    [Fact]
    public void With_a_provider_that_advertises_extensions_but_has_not_named_bootstrap_app_the_leader_waits()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(OurMirrorWithoutGrant(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Status.Waiting("Waiting for the distributor to choose the bootstrap application"), result.Output.UnitStatus);
        Assert.False(result.Output.StoredInCluster());
    }

    [Fact]
    public void A_leader_does_not_bootstrap_before_the_distributor_has_said_anything()
    {
        // relation-joined can run before the distributor's leader wrote anything: whether it will name another
        // application in bootstrap-app is not known yet, so bootstrapping now could start a second cluster.
        var h = new ConsumerHarness();
        var relation = ConsumerRelation().WithRemoteUnit(0);

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.False(result.Output.StoredInCluster());
        Assert.Equal(Status.Waiting("Waiting for the token distributor"), result.Output.UnitStatus);
    }

    [Fact]
    public void Two_consumer_applications_on_one_distributor_form_one_cluster()
    {
        // The distributor named workload-b; workload's leader must not bootstrap even though it sees no data at all.
        var h = new ConsumerHarness();
        var beforeDistributorSpoke = ConsumerRelation().WithRemoteUnit(0);
        var afterDistributorSpoke = ConsumerRelationWith(OurMirror(("node-a", "empty"), ("node-z", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload-b")));

        var first = h.Run(Hook.RelationJoined(beforeDistributorSpoke, 0), h.State(leader: true).WithRelation(beforeDistributorSpoke)).EnsureSuccess();
        var second = h.Run(Hook.RelationChanged(afterDistributorSpoke, 0), first.Output.WithRelation(afterDistributorSpoke)).EnsureSuccess();

        Assert.Equal(0, h.Cluster.Count("bootstrap"));
        Assert.Equal(Status.Maintenance("Token not in mirror"), second.Output.UnitStatus);
    }

    // ---------- safe mirror-down ----------

    [Fact]
    public void A_non_communicator_keeps_its_mirror_up_while_it_holds_a_token_the_distributor_only_has_as_empty()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    [Fact]
    public void A_non_communicator_keeps_its_mirror_up_while_it_holds_a_key_the_distributor_lacks()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-ca-cert", "PEM")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    /// <summary>v0.8's safe mirror-down goes back up only for a key the mirrors hold as empty; another real value there is no reason.</summary>
    [Fact]
    public void A_non_communicator_takes_its_mirror_down_when_the_distributor_holds_another_real_token_for_its_key()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "tokC-new")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC-old")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("down", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    [Fact]
    public void A_non_communicator_takes_its_mirror_down_once_the_distributor_holds_all_its_values()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "tokC"), ("ca-cert", "PEM")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC"), ("mirror-ca-cert", "PEM")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("down", own["mirror"]);
        Assert.Equal("tokC", own["mirror-node-c"]);
    }
}

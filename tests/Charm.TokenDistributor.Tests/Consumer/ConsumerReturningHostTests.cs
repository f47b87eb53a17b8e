using Charm.Framework.Model;
using Charm.Testing;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

using Charm.TokenDistributor.Tests.Support;

/// <summary>Stale keys after a host left: pruned keys are forgotten, a returning host name gets a fresh token.</summary>
public sealed class ConsumerReturningHostTests
{
    [Fact]
    public void A_host_that_left_the_cluster_and_is_back_gets_a_fresh_token_instead_of_the_joined_marker()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a"); // node-b was removed from the cluster; a new unit with its host name is related again
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", "joined")))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-a", "joined"), ("mirror-node-b", "joined"), Advertisement.ToTuple()));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        var add = Assert.Single(result.ProcessCalls, c => c.Arguments[0] == "add");
        Assert.Equal(["add", "node-b"], add.Arguments);
        var published = result.Output.GetRelation(1).LocalUnitData["mirror-node-b"];
        Assert.NotEqual("joined", published);
        Assert.Equal("node-b", h.Cluster.Calls.Last(c => c.Arguments[0] == "add").Arguments[1]);
        Assert.False(string.IsNullOrEmpty(published));
    }

    [Fact]
    public void With_a_seed_distributor_the_joined_branch_never_applies_because_no_marker_is_ever_written()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "used-token")))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "used-token")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        // v0: the seed communicator never re-issues a token it already published.
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
        Assert.Equal("used-token", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
    }

    [Fact]
    public void A_former_communicator_forgets_keys_the_distributor_pruned_and_takes_its_mirror_down()
    {
        // node-b (the smaller voter name) is the communicator now; node-c was one before.
        var h = new ConsumerHarness(hostName: "node-c");
        h.Cluster.With("node-b", "node-c");
        var relation = ConsumerRelationWith(OurMirror(("node-b", "joined"), ("node-c", "joined")))
            .WithLocalUnitData(Bag(("hostname", "node-c"), ("mirror", "up"), ("mirror-node-c", "joined"), ("mirror-node-gone", "joined"), Advertisement.ToTuple()));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.False(own.ContainsKey("mirror-node-gone"));
        Assert.Equal("down", own["mirror"]);
    }

    [Fact]
    public void A_former_communicator_keeps_extra_data_the_distributor_has_not_copied_yet()
    {
        var h = new ConsumerHarness(hostName: "node-c");
        h.Cluster.With("node-b", "node-c");
        var relation = ConsumerRelationWith(OurMirror(("node-b", "joined"), ("node-c", "joined")))
            .WithLocalUnitData(Bag(("hostname", "node-c"), ("mirror", "up"), ("mirror-ca-cert", "PEM"), Advertisement.ToTuple()));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("PEM", own["mirror-ca-cert"]);
        Assert.Equal("up", own["mirror"]);
    }

    [Fact]
    public void A_unit_checking_whether_it_already_joined_does_not_log_an_error_when_it_is_not_a_member()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", "joined")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.DoesNotContain(result.Logs, l => l.Level == LogLevel.Error);
        Assert.Equal(Status.Waiting("Waiting for a new join token"), result.Output.UnitStatus);
    }
}

using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>This project's consumer against distributors already deployed from Charmhub: the seed (LIBPATCH 2) and v0.8.</summary>
public sealed class OurConsumerWithSeedAndV08ProvidersTests
{
    [Fact]
    public void A_three_unit_cluster_forms_through_a_seed_distributor_and_the_wire_stays_v0()
    {
        var d = new Deployment(seedProvider: true, "node-a", "node-b", "node-c");

        for (var i = 0; i < 3; i++)
        {
            d.Consumer(i, r => Hook.RelationCreated(r));
        }

        d.ProviderChanged();
        Assert.Equal(Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", "empty"), ("mirror-node-c", "empty")), Sorted(d.ProviderBag));

        var bootstrap = d.Consumer(0, r => Hook.RelationJoined(r, 0));
        Assert.Equal(["bootstrap", "list", "add", "add"], bootstrap.ProcessCalls.Select(c => c.Arguments[0]));
        var tokenB = d.ConsumerBags[0]["mirror-node-b"];
        var tokenC = d.ConsumerBags[0]["mirror-node-c"];

        d.ProviderChanged();
        var joinB = d.Consumer(1, r => Hook.RelationChanged(r, 0));
        var joinC = d.Consumer(2, r => Hook.RelationChanged(r, 0));
        d.Consumer(0, r => Hook.RelationChanged(r, 0));
        d.ProviderChanged();

        Assert.Equal(["join", tokenB], joinB.ProcessCalls[0].Arguments);
        Assert.Equal(["join", tokenC], joinC.ProcessCalls[0].Arguments);
        Assert.Equal(["node-a", "node-b", "node-c"], d.Cluster.Members.Select(m => m.Name));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(d.ConsumerState(i).StoredInCluster()));

        // The seed distributor copied exactly the tokens (our extension key has no "mirror-" in it) and no "joined" marker
        // was written: without the distributor's advertisement the communicator behaves exactly as v0.
        Assert.Equal(Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", tokenB), ("mirror-node-c", tokenC)), Sorted(d.ProviderBag));
        Assert.Equal(
            Exactly(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", tokenB), ("mirror-node-c", tokenC), Advertisement.ToTuple()),
            Sorted(d.ConsumerBags[0]));
        Assert.Equal(Exactly(("hostname", "node-b"), Advertisement.ToTuple()), Sorted(d.ConsumerBags[1]));
        Assert.Equal(Exactly(("hostname", "node-c"), Advertisement.ToTuple()), Sorted(d.ConsumerBags[2]));
        Assert.Equal(Exactly(("cluster-bootstrapped-by", "workload/0")), Sorted(d.ConsumerApp));
        Assert.Empty(d.ProviderApp);
    }

    [Fact]
    public void A_seed_distributors_non_leader_unit_with_mirror_down_is_not_read()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var token = h.Cluster.Issue("node-b");
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, Bag(("mirror", "down"), ("mirror-node-b", "stale-from-the-old-leader")))
            .WithRemoteUnit(1, SeedMirror(("node-a", "empty"), ("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 1), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["join", token], result.ProcessCalls[0].Arguments);
    }

    [Fact]
    public void Against_a_seed_distributor_the_leader_bootstraps_without_bootstrap_app()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap", "list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(Status.Active("Cluster bootstrapped"), result.Output.UnitStatus);
    }

    /// <summary>The v0.8 distributor's leader: the seed's unit databag, and bootstrap-app in the application databag.</summary>
    private static RelationState V08(string bootstrapApp, params (string Host, string Value)[] mirrored)
        => ConsumerRelationWith(SeedMirror(mirrored)).WithRemoteAppData(Bag(("bootstrap-app", bootstrapApp)));

    [Fact]
    public void Against_a_v08_distributor_naming_this_application_the_leader_bootstraps()
    {
        var h = new ConsumerHarness();
        var relation = V08("workload", ("node-a", "empty"), ("node-b", "empty"));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap", "list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(Exactly(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]!), Advertisement.ToTuple()),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
    }

    [Fact]
    public void Against_a_v08_distributor_naming_another_application_the_leader_waits_for_a_token_and_joins()
    {
        var h = new ConsumerHarness(hostName: "node-x", unitName: "workload/0");
        h.Cluster.With("node-a");
        var waiting = V08("other-workload", ("node-a", "empty"), ("node-x", "empty"));
        var first = h.Run(Hook.RelationChanged(waiting, 0), h.State(leader: true).WithRelation(waiting)).EnsureSuccess();
        var token = h.Cluster.Issue("node-x");
        var mirrored = V08("other-workload", ("node-a", "empty"), ("node-x", token));

        var second = h.Run(Hook.RelationChanged(mirrored, 0), first.Output.WithRelation(mirrored.WithLocalUnitData(first.Output.GetRelation(1).LocalUnitData))).EnsureSuccess();

        Assert.Empty(first.ProcessCalls);
        Assert.Equal(Status.Maintenance("Token not in mirror"), first.Output.UnitStatus);
        Assert.Equal(["join", token], second.ProcessCalls[0].Arguments);
        Assert.True(second.Output.StoredInCluster());
        Assert.False(second.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-bootstrapped-by"));
    }

    [Fact]
    public void Against_a_v08_distributor_the_communicator_does_not_mark_used_tokens()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a", "node-b");
        var relation = V08("workload", ("node-a", "empty"), ("node-b", "tokB"))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB"), Advertisement.ToTuple()));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-b", DateTimeOffset.UnixEpoch))))).EnsureSuccess();

        Assert.Equal("tokB", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.DoesNotContain(result.RelationSets, c => c.Data!.ContainsKey("mirror-node-b"));
    }
}

using Charm.Testing;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>Both sides run this project: the extensions (consumed-token clean-up, pruning) take effect.</summary>
public sealed class OurConsumerWithOurProviderTests
{
    [Fact]
    public void A_cluster_forms_used_tokens_are_replaced_by_joined_and_a_departed_host_is_pruned()
    {
        var d = new Deployment(seedProvider: false, "node-a", "node-b", "node-c");
        for (var i = 0; i < 3; i++)
        {
            d.Consumer(i, r => Hook.RelationCreated(r));
        }

        d.ProviderChanged();
        Assert.Equal("workload", d.ProviderApp["bootstrap-app"]);

        d.Consumer(0, r => Hook.RelationJoined(r, 0));
        var tokenB = d.ConsumerBags[0]["mirror-node-b"]!;
        var tokenC = d.ConsumerBags[0]["mirror-node-c"]!;
        Assert.Equal("joined", d.ConsumerBags[0]["mirror-node-a"]);
        d.ProviderChanged();
        Assert.Equal(tokenB, d.ProviderBag["mirror-node-b"]);

        d.Consumer(1, r => Hook.RelationChanged(r, 0));
        d.Consumer(2, r => Hook.RelationChanged(r, 0));
        var cleanUp = d.Consumer(0, r => Hook.RelationChanged(r, 0));
        d.ProviderChanged();

        Assert.Equal(["node-a", "node-b", "node-c"], d.Cluster.Members.Select(m => m.Name));
        Assert.Equal(["list"], cleanUp.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(
            Exactly(("mirror", "up"), ("mirror-node-a", "joined"), ("mirror-node-b", "joined"), ("mirror-node-c", "joined"), Advertisement.ToTuple()),
            Sorted(d.ProviderBag));
        Assert.Equal(
            Exactly(("cluster-fingerprint", JoinTokens.ClusterFingerprintOf(tokenB)!), ("cluster-member", "yes"), ("hostname", "node-a"), ("mirror", "up"), ("mirror-node-a", "joined"), ("mirror-node-b", "joined"), ("mirror-node-c", "joined"), Advertisement.ToTuple()),
            Sorted(d.ConsumerBags[0]));
        Assert.DoesNotContain(d.ProviderBag.Values, v => v == tokenB || v == tokenC);

        // node-c leaves: its unit runs remove, the distributor prunes its key.
        var removed = d.ConsumerNoRelation(2, Hook.Remove);
        d.ProviderDeparted(2);

        Assert.Equal(["remove", "node-c"], removed.ProcessCalls[0].Arguments);
        Assert.Equal(["node-a", "node-b"], d.Cluster.Members.Select(m => m.Name));
        Assert.False(d.ProviderBag.ContainsKey("mirror-node-c"));
        Assert.Equal("joined", d.ProviderBag["mirror-node-b"]);
    }

    [Fact]
    public void Nothing_is_logged_that_holds_a_token_anywhere_in_the_deployment()
    {
        var d = new Deployment(seedProvider: false, "node-a", "node-b");
        var results = new List<RunResult>();
        results.Add(d.Consumer(0, r => Hook.RelationCreated(r)));
        results.Add(d.Consumer(1, r => Hook.RelationCreated(r)));
        results.Add(d.ProviderChanged()!);
        results.Add(d.Consumer(0, r => Hook.RelationJoined(r, 0)));
        var token = d.ConsumerBags[0]["mirror-node-b"]!;
        results.Add(d.ProviderChanged()!);
        results.Add(d.Consumer(1, r => Hook.RelationChanged(r, 0)));
        results.Add(d.Consumer(0, r => Hook.RelationChanged(r, 0)));
        results.Add(d.ProviderChanged()!);

        Assert.True(d.ConsumerState(1).StoredInCluster());
        Assert.All(results, r => Leaks.AssertNowhere(r, token));
    }
}

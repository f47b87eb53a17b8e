using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>
/// The bootstrap-grant extension end to end, one hook at a time: negotiated when both sides run this project (the
/// findings F-1 and F-2 of docs/reliability.md do not happen), and absent with a seed distributor (the wire stays v0).
/// </summary>
public sealed class BootstrapGrantInteropTests
{
    [Fact]
    public void Both_sides_negotiate_the_grant_and_the_granted_unit_bootstraps_whoever_leads()
    {
        var d = new Deployment(seedProvider: false, "node-a", "node-b");
        d.SetConsumerLeader(1);
        d.Consumer(0, r => Hook.RelationCreated(r));
        d.Consumer(1, r => Hook.RelationCreated(r));

        d.ProviderChanged();
        Assert.Equal("workload/0", d.ProviderApp["cluster-bootstrap-unit"]);

        d.Consumer(1, r => Hook.RelationJoined(r, 0));
        d.Consumer(0, r => Hook.RelationJoined(r, 0));
        d.ProviderChanged();
        d.Consumer(1, r => Hook.RelationChanged(r, 0));
        d.Consumer(0, r => Hook.RelationChanged(r, 0));
        d.ProviderChanged();

        Assert.Equal(["node-a", "node-b"], d.Cluster.Members.Select(m => m.Name));
        Assert.Equal(["node-a"], d.Cluster.Calls.Where(c => c.Arguments[0] == "bootstrap").Select(c => c.Node));
        Assert.Equal("yes", d.ConsumerBags[0]["cluster-member"]);
        Assert.Equal("yes", d.ConsumerBags[1]["cluster-member"]);
        Assert.True(d.ProviderApp.ContainsKey("cluster-token-fingerprints"));
    }

    [Fact]
    public void F2_a_bootstrap_whose_hook_failed_is_not_repeated_by_the_next_leader()
    {
        var d = new Deployment(seedProvider: false, "node-a", "node-b");
        d.Consumer(0, r => Hook.RelationCreated(r));
        d.Consumer(1, r => Hook.RelationCreated(r));
        d.ProviderChanged();

        // workload/0 bootstrapped, but its hook failed: nothing it wrote, and not its stored state, was committed.
        d.Cluster.With("node-a");
        d.SetConsumerLeader(1);
        d.Consumer(1, r => Hook.RelationChanged(r, 0));
        d.Consumer(1, r => Hook.UpdateStatus);

        Assert.DoesNotContain(d.Cluster.Calls, c => c.Node == "node-b" && c.Arguments[0] == "bootstrap");

        d.Consumer(0, r => Hook.RelationChanged(r, 0));
        d.ProviderChanged();
        d.Consumer(1, r => Hook.RelationChanged(r, 0));

        Assert.Equal(["node-a", "node-b"], d.Cluster.Members.Select(m => m.Name));
        Assert.True(d.ConsumerState(0).StoredInCluster());
        Assert.True(d.ConsumerState(1).StoredInCluster());
    }

    [Fact]
    public void F1_a_cluster_that_left_with_its_last_member_is_formed_again_by_a_remaining_unit()
    {
        var d = new Deployment(seedProvider: false, "node-a", "node-b");
        d.Consumer(0, r => Hook.RelationCreated(r));
        d.Consumer(1, r => Hook.RelationCreated(r));
        d.ProviderChanged();
        d.Consumer(0, r => Hook.RelationJoined(r, 0));
        Assert.Equal(["node-a"], d.Cluster.Members.Select(m => m.Name));
        Assert.Equal("workload/0", d.ConsumerApp["cluster-bootstrapped-by"]);

        // workload/0 leaves before anyone joined: the last member cannot leave, the cluster goes with its machine.
        d.ConsumerNoRelation(0, Hook.Remove);
        d.ProviderDeparted(0);
        d.Cluster.Heal();

        Assert.Equal("workload/1", d.ProviderApp["cluster-bootstrap-unit"]);
        d.SetConsumerLeader(1);
        d.Consumer(1, r => Hook.RelationChanged(r, 0));

        Assert.Equal(["node-a", "node-b"], d.Cluster.Calls.Where(c => c.Arguments[0] == "bootstrap").Select(c => c.Node));
        Assert.True(d.ConsumerState(1).StoredInCluster());
        Assert.Equal("workload/1", d.ConsumerApp["cluster-bootstrapped-by"]);
    }

    [Fact]
    public void The_grant_stays_while_a_member_remains_after_the_bootstrapper_left()
    {
        var d = new Deployment(seedProvider: false, "node-a", "node-b", "node-c");
        for (var i = 0; i < 3; i++)
        {
            d.Consumer(i, r => Hook.RelationCreated(r));
        }

        d.ProviderChanged();
        d.Consumer(0, r => Hook.RelationJoined(r, 0));
        d.ProviderChanged();
        d.Consumer(2, r => Hook.RelationChanged(r, 0));
        Assert.Equal(["node-a", "node-c"], d.Cluster.Members.Select(m => m.Name));

        // workload/0 leaves; workload/1 (the lowest-numbered unit, not a member) must not be granted a second cluster.
        d.ConsumerNoRelation(0, Hook.Remove);
        d.ProviderDeparted(0);

        Assert.Equal("workload/0", d.ProviderApp["cluster-bootstrap-unit"]);
        d.Consumer(1, r => Hook.RelationChanged(r, 0));
        Assert.Equal(["node-a"], d.Cluster.Calls.Where(c => c.Arguments[0] == "bootstrap").Select(c => c.Node));

        // workload/1 tried the token node-a issued for it, not a bootstrap. A join token carries the addresses of the
        // members when it was issued: node-a's only, which left, so the join cannot reach the cluster (until the
        // communicator, node-c, issues a new token); node-c's cluster stays the only one.
        Assert.Contains(d.Cluster.Calls, c => c.Node == "node-b" && c.Arguments[0] == "join");
        Assert.Equal(["node-c"], d.Cluster.Members.Select(m => m.Name));
        Assert.Single(d.Cluster.Daemon.ListClusters());
    }

    [Fact]
    public void With_a_seed_distributor_the_consumer_writes_no_key_of_the_extension()
    {
        var d = new Deployment(seedProvider: true, "node-a", "node-b");
        d.Consumer(0, r => Hook.RelationCreated(r));
        d.Consumer(1, r => Hook.RelationCreated(r));
        d.ProviderChanged();
        d.Consumer(0, r => Hook.RelationJoined(r, 0));
        d.ProviderChanged();
        d.Consumer(1, r => Hook.RelationChanged(r, 0));
        d.Consumer(0, r => Hook.RelationChanged(r, 0));

        Assert.Equal(["node-a", "node-b"], d.Cluster.Members.Select(m => m.Name));
        Assert.Equal("workload/0", d.ConsumerApp["cluster-bootstrapped-by"]);
        Assert.All(d.ConsumerBags, bag => Assert.DoesNotContain(bag.Keys, k => k is "cluster-member" or "renounced-tokens"));
        Assert.Empty(d.ProviderApp);
    }
}

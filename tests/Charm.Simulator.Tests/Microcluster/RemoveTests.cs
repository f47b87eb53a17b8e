using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class RemoveTests
{
    [Fact]
    public void The_last_member_cannot_leave()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.Heartbeat();

        Assert.Equal("Error: Cannot leave a cluster with 1 members\n", world.Fails("host-0", "remove", "host-0"));
        Assert.Equal("cluster-1", world.Cluster.ClusterIdOf("host-0"));
    }

    [Fact]
    public void The_last_member_cannot_leave_even_while_pending()
    {
        var world = new ClusterWorld();
        world.Form(1);

        Assert.Equal("Error: Cannot leave a cluster with 1 members\n", world.Fails("host-0", "remove", "host-0"));
    }

    [Fact]
    public void An_unknown_name_is_not_found()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.Heartbeat();

        Assert.Equal("Error: Cluster member \"host-7\" not found\n", world.Fails("host-0", "remove", "host-7"));
    }

    [Fact]
    public void A_removal_that_leaves_only_pending_members_is_refused()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.Heartbeat();
        world.AddAndJoin("host-0", "host-1");

        string error = world.Fails("host-1", "remove", "host-0");

        Assert.Equal("Error: Cannot remove cluster members, there are no remaining non-pending members\n", error);
        world.Ok("host-0", "remove", "host-1");
        Assert.Null(world.Cluster.ClusterIdOf("host-1"));
    }

    [Fact]
    public void Nothing_can_be_removed_before_the_first_heartbeat()
    {
        var world = new ClusterWorld();
        world.Form(2);

        Assert.Contains("no remaining non-pending members", world.Fails("host-0", "remove", "host-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_a_member_frees_its_name_and_its_host()
    {
        var world = new ClusterWorld();
        world.Form(3);
        world.Cluster.Heartbeat();

        Assert.Equal(string.Empty, world.Ok("host-2", "remove", "host-1"));

        Assert.Equal(["host-0", "host-2"], world.Cluster.ListClusters()[0].Members.Select(m => m.Name));
        Assert.Equal("Error: Daemon not yet initialized\n", world.Fails("host-1", "list", "-f", "json"));
        world.AddAndJoin("host-0", "host-1");
        Assert.Equal(3, world.Cluster.ListClusters()[0].Members.Count);
    }

    [Fact]
    public void A_member_may_remove_itself_and_then_bootstrap_anew()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.Heartbeat();

        world.Ok("host-1", "remove", "host-1");
        world.Ok("host-1", "bootstrap");

        Assert.Equal("cluster-2", world.Cluster.ClusterIdOf("host-1"));
        Assert.Single(world.Cluster.ListClusters()[0].Members);
    }

    [Fact]
    public void The_force_flag_is_accepted()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.Heartbeat();

        world.Ok("host-0", "remove", "host-1", "--force");

        Assert.Null(world.Cluster.ClusterIdOf("host-1"));
    }

    [Fact]
    public void Remove_on_a_host_that_is_not_a_member_is_not_initialised()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.Heartbeat();

        Assert.Equal("Error: Daemon not yet initialized\n", world.Fails("host-5", "remove", "host-1"));
    }

    [Fact]
    public void A_member_of_one_cluster_cannot_remove_a_member_of_another()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Ok("other", "bootstrap");
        world.Cluster.Heartbeat();

        Assert.Contains("\"host-1\" not found", world.Fails("other", "remove", "host-1"), StringComparison.Ordinal);
    }
}

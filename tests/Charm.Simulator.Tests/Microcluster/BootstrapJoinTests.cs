using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class BootstrapJoinTests
{
    [Fact]
    public void Bootstrap_creates_a_one_member_cluster_and_prints_nothing()
    {
        var world = new ClusterWorld();

        Assert.Equal(string.Empty, world.Ok("host-0", "bootstrap"));

        ClusterSnapshot cluster = Assert.Single(world.Cluster.ListClusters());
        Assert.Equal("cluster-1", cluster.Id);
        ClusterMemberSnapshot member = Assert.Single(cluster.Members);
        Assert.Equal("host-0", member.Name);
        Assert.Equal(MicroclusterRole.Pending, member.Role);
        Assert.Null(member.LastHeartbeat);
    }

    [Fact]
    public void Bootstrapping_twice_is_already_initialised()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");

        Assert.Equal("Error: Unable to initialize cluster: Database is online\n", world.Fails("host-0", "bootstrap"));
        Assert.Single(world.Cluster.ListClusters());
    }

    [Fact]
    public void Joining_while_a_member_is_already_initialised()
    {
        var world = new ClusterWorld();
        world.Form(2);
        string token = world.Token("host-0", "host-1-again");

        Assert.Equal("Error: Unable to initialize cluster: Database is online\n", world.Fails("host-1", "join", token));
        Assert.Single(world.Cluster.ListOutstandingTokens());
    }

    [Fact]
    public void Every_bootstrap_outside_a_cluster_creates_an_independent_cluster()
    {
        var world = new ClusterWorld();
        world.Ok("a-0", "bootstrap");
        world.Ok("b-0", "bootstrap");
        world.AddAndJoin("a-0", "a-1");
        world.AddAndJoin("b-0", "b-1");

        IReadOnlyList<ClusterSnapshot> clusters = world.Cluster.ListClusters();

        Assert.Equal(["cluster-1", "cluster-2"], clusters.Select(c => c.Id));
        Assert.NotEqual(clusters[0].Fingerprint, clusters[1].Fingerprint);
        Assert.Equal(["a-0", "a-1"], clusters[0].Members.Select(m => m.Name));
        Assert.Equal(["b-0", "b-1"], clusters[1].Members.Select(m => m.Name));
        Assert.Equal("cluster-2", world.Cluster.ClusterIdOf("b-1"));
    }

    [Fact]
    public void A_host_belongs_to_at_most_one_cluster()
    {
        var world = new ClusterWorld();
        world.Ok("a-0", "bootstrap");
        world.Ok("b-0", "bootstrap");
        string token = world.Token("b-0", "a-0");

        Assert.Equal("Error: Unable to initialize cluster: Database is online\n", world.Fails("a-0", "join", token));

        Assert.Equal("cluster-1", world.Cluster.ClusterIdOf("a-0"));
        Assert.Single(world.Cluster.ListClusters()[1].Members);
    }

    [Fact]
    public void Extra_arguments_after_bootstrap_and_join_are_accepted_and_recorded()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap", "--address=10.1.1.1:7443", "--config", "x=y");
        string token = world.Token("host-0", "host-1");

        world.Ok("host-1", "join", token, "--foo", "--address=10.1.1.2:7443");

        IReadOnlyList<ClusterMemberSnapshot> members = world.Cluster.ListClusters()[0].Members;
        Assert.Equal(["--address=10.1.1.1:7443", "--config", "x=y"], members[0].ExtraArguments);
        Assert.Equal(["--foo", "--address=10.1.1.2:7443"], members[1].ExtraArguments);
    }

    [Fact]
    public void Join_takes_the_first_word_that_is_not_a_flag_as_the_token()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");

        world.Ok("host-1", "join", "--verbose", token, "extra");

        Assert.Equal(["--verbose", "extra"], world.Cluster.ListClusters()[0].Members.Single(m => m.Name == "host-1").ExtraArguments);
    }

    [Fact]
    public void Add_on_a_host_that_is_not_a_member_is_not_initialised()
    {
        var world = new ClusterWorld();

        Assert.Equal("Error: Daemon not yet initialized\n", world.Fails("host-0", "add", "host-1"));
    }

    [Fact]
    public void A_host_keeps_its_address_across_leave_and_rejoin()
    {
        var world = new ClusterWorld();
        world.Form(3);
        world.Cluster.Heartbeat();
        string before = world.Cluster.ListClusters()[0].Members.Single(m => m.Name == "host-2").Address;

        world.Ok("host-0", "remove", "host-2");
        world.AddAndJoin("host-1", "host-2");

        Assert.Equal(before, world.Cluster.ListClusters()[0].Members.Single(m => m.Name == "host-2").Address);
        Assert.Equal(3, world.Cluster.ListClusters()[0].Members.Select(m => m.Address).Distinct().Count());
    }

    [Fact]
    public void A_token_names_every_member_address_to_join_through()
    {
        var world = new ClusterWorld();
        world.Form(3);
        world.Cluster.Heartbeat();
        string token = world.Token("host-0", "host-3");
        world.Cluster.SetReachable("host-0", reachable: false);
        world.Cluster.SetReachable("host-1", reachable: false);

        world.Ok("host-3", "join", token);

        Assert.Equal("cluster-1", world.Cluster.ClusterIdOf("host-3"));
    }
}

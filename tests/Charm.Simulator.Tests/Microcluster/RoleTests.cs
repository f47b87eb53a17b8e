using System.Text.Json;
using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class RoleTests
{
    [Fact]
    public void A_bootstrapped_member_is_pending_until_the_first_heartbeat()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");

        Assert.Equal(MicroclusterRole.Pending, world.Roles("host-0")["host-0"]);

        world.Cluster.Heartbeat();

        Assert.Equal(MicroclusterRole.Voter, world.Roles("host-0")["host-0"]);
    }

    [Fact]
    public void Heartbeat_appoints_three_voters_three_stand_bys_then_spares_oldest_first()
    {
        var world = new ClusterWorld();
        // Join order host-0, host-1, …; names chosen so that name order differs from join order.
        string[] hosts = ["zeta", "alpha", "mike", "bravo", "yankee", "charlie", "xray", "delta"];
        world.Ok(hosts[0], "bootstrap");
        world.Cluster.Heartbeat();
        foreach (string host in hosts.Skip(1))
        {
            world.AddAndJoin(hosts[0], host);
        }

        Dictionary<string, string> before = world.Roles("alpha");
        Assert.Equal(MicroclusterRole.Voter, before["zeta"]);
        Assert.All(hosts.Skip(1), h => Assert.Equal(MicroclusterRole.Pending, before[h]));

        world.Cluster.Heartbeat();

        Dictionary<string, string> roles = world.Roles("alpha");
        Assert.Equal(
            [
                MicroclusterRole.Voter, MicroclusterRole.Voter, MicroclusterRole.Voter,
                MicroclusterRole.StandBy, MicroclusterRole.StandBy, MicroclusterRole.StandBy,
                MicroclusterRole.Spare, MicroclusterRole.Spare,
            ],
            hosts.Select(h => roles[h]));
    }

    [Fact]
    public void Role_counts_are_configurable()
    {
        var world = new ClusterWorld(new FakeMicroclusterOptions { Voters = 1, StandBys = 1 });
        world.Form(4);
        world.Cluster.Heartbeat();

        Dictionary<string, string> roles = world.Roles("host-0");

        Assert.Equal(
            [MicroclusterRole.Voter, MicroclusterRole.StandBy, MicroclusterRole.Spare, MicroclusterRole.Spare],
            Enumerable.Range(0, 4).Select(i => roles["host-" + i]));
    }

    [Fact]
    public void Heartbeats_follow_the_clock_every_interval()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");
        world.Clock.Advance(TimeSpan.FromSeconds(3));
        world.AddAndJoin("host-0", "host-1");

        world.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.All(world.Roles("host-0").Values, r => Assert.Equal(MicroclusterRole.Pending, r));

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        using JsonDocument list = world.List("host-0");

        foreach (JsonElement member in list.RootElement.EnumerateArray())
        {
            Assert.Equal(MicroclusterRole.Voter, member.GetProperty("role").GetString());
            Assert.Equal("2026-11-25T10:00:10Z", member.GetProperty("last_heartbeat").GetString());
        }
    }

    [Fact]
    public void A_long_gap_runs_one_heartbeat_stamped_with_the_last_due_instant()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");

        world.Clock.Advance(TimeSpan.FromSeconds(125));

        ClusterMemberSnapshot member = Assert.Single(Assert.Single(world.Cluster.ListClusters()).Members);
        Assert.Equal(ClusterWorld.Start.AddSeconds(120), member.LastHeartbeat);
        Assert.Equal(MicroclusterRole.Voter, member.Role);
    }

    [Fact]
    public void Without_automatic_heartbeats_roles_change_only_through_AdvanceTo_or_Heartbeat()
    {
        var world = new ClusterWorld(new FakeMicroclusterOptions
        {
            AutomaticHeartbeats = false,
            HeartbeatInterval = TimeSpan.FromSeconds(30),
        });
        world.Ok("host-0", "bootstrap");

        world.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(MicroclusterRole.Pending, world.Roles("host-0")["host-0"]);

        world.Cluster.AdvanceTo(ClusterWorld.Start.AddSeconds(29));
        Assert.Equal(MicroclusterRole.Pending, world.Roles("host-0")["host-0"]);

        world.Cluster.AdvanceTo(ClusterWorld.Start.AddSeconds(30));
        Assert.Equal(MicroclusterRole.Voter, world.Roles("host-0")["host-0"]);
        Assert.Equal(ClusterWorld.Start.AddSeconds(30), world.Cluster.ListClusters()[0].Members[0].LastHeartbeat);
    }

    [Fact]
    public void A_joined_member_stays_pending_until_the_next_heartbeat()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.Heartbeat();

        world.AddAndJoin("host-0", "host-2");

        Dictionary<string, string> roles = world.Roles("host-2");
        Assert.Equal(MicroclusterRole.Voter, roles["host-0"]);
        Assert.Equal(MicroclusterRole.Voter, roles["host-1"]);
        Assert.Equal(MicroclusterRole.Pending, roles["host-2"]);
    }

    [Fact]
    public void An_unreachable_member_lists_unreachable_and_yields_its_vote()
    {
        var world = new ClusterWorld();
        world.Form(5);
        world.Cluster.Heartbeat();
        DateTimeOffset lastSeen = world.Clock.Now;
        world.Clock.Advance(TimeSpan.FromSeconds(1));

        world.Cluster.SetReachable("host-0", reachable: false);
        world.Cluster.Heartbeat();

        ClusterMemberSnapshot[] members = [.. world.Cluster.ListClusters()[0].Members];
        ClusterMemberSnapshot host0 = members.Single(m => m.Name == "host-0");
        Assert.Equal(MicroclusterMemberStatus.Unreachable, host0.Status);
        Assert.Equal(MicroclusterRole.StandBy, host0.Role);
        Assert.Equal(lastSeen, host0.LastHeartbeat);
        Assert.All(members.Where(m => m.Name != "host-0"), m => Assert.Equal(MicroclusterMemberStatus.Online, m.Status));
        Assert.Equal(
            ["host-1", "host-2", "host-3"],
            members.Where(m => m.Role == MicroclusterRole.Voter).Select(m => m.Name));

        using (JsonDocument list = world.List("host-1"))
        {
            JsonElement listed = list.RootElement.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "host-0");
            Assert.Equal("UNREACHABLE", listed.GetProperty("status").GetString());
        }

        world.Cluster.SetReachable("host-0", reachable: true);
        world.Cluster.Heartbeat();
        Assert.Equal(MicroclusterRole.Voter, world.Roles("host-1")["host-0"]);
        Assert.Equal(MicroclusterMemberStatus.Online, world.Cluster.ListClusters()[0].Members[0].Status);
    }

    [Fact]
    public void An_unreachable_member_is_still_given_a_role_when_nobody_else_can_take_it()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.SetReachable("host-1", reachable: false);

        world.Cluster.Heartbeat();

        Dictionary<string, string> roles = world.Roles("host-0");
        Assert.Equal(MicroclusterRole.Voter, roles["host-0"]);
        Assert.Equal(MicroclusterRole.Voter, roles["host-1"]);
    }
}

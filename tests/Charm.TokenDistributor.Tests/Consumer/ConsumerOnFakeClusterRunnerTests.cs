using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

using State = Charm.Testing.State;

/// <summary>
/// The consumer on Charm.Testing's FakeClusterRunner: each unit's context runs the cluster CLI on one shared fake
/// microcluster, so a cluster forms across the units' hooks with no member list written by hand.
/// </summary>
public sealed class ConsumerOnFakeClusterRunnerTests
{
    private static Context UnitOn(FakeClusterRunner cluster, int number, string hostName)
        => new(ctx => new TestCharm(ctx, new TestCharmSetup { ConsumerEndpoint = ConsumerEndpoint }), unitName: "workload/" + number)
        {
            ProcessRunner = cluster.On(hostName),
        };

    [Fact]
    public void Unit_0_bootstraps_the_communicator_adds_unit_1_and_unit_1_joins_and_says_so()
    {
        var cluster = new FakeClusterRunner();
        var unit0 = UnitOn(cluster, 0, "node-a");
        var unit1 = UnitOn(cluster, 1, "node-b");
        var waiting = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        var bootstrapped = unit0.Run(Hook.RelationJoined(waiting, 0), new State { HostName = "node-a", Leader = true }.WithRelation(waiting)).EnsureSuccess();
        // microcluster: a new member is PENDING until the leader's next heartbeat (every 10 s); the consumer defers.
        cluster.Clock.Advance(new FakeMicroclusterOptions().HeartbeatInterval);
        var issued = unit0.Run(Hook.UpdateStatus, bootstrapped.Output).EnsureSuccess();
        // The communicator writes the token for node-b in its unit databag, as mirror-node-b.
        var token = issued.Output.GetRelation(1).LocalUnitData["mirror-node-b"];
        // The distributor mirrors the communicator's token for node-b back to every consumer unit.
        var mirrored = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));
        var joined = unit1.Run(Hook.RelationChanged(mirrored, 0), new State { HostName = "node-b" }.WithRelation(mirrored)).EnsureSuccess();

        Assert.Contains(bootstrapped.ProcessCalls, c => c.Arguments.SequenceEqual(["bootstrap"]));
        Assert.Contains(issued.ProcessCalls, c => c.Arguments.SequenceEqual(["add", "node-b"]));
        Assert.Equal(Status.Active("Joined cluster"), joined.Output.UnitStatus);
        Assert.True(joined.Output.StoredInCluster());
        Assert.Equal(["node-a", "node-b"], cluster.MemberNames);
    }

    [Fact]
    public void The_communicators_bounded_wait_for_a_pending_member_costs_the_test_no_wall_clock_time()
    {
        // microcluster: a new member is PENDING until the leader's next heartbeat; nothing moves the fake cluster's clock
        // here, so the communicator waits its whole bound (on the context's default clock, where waiting returns at once)
        // and leaves the decision to a later hook, issuing nothing.
        var cluster = new FakeClusterRunner();
        var unit0 = UnitOn(cluster, 0, "node-a");
        var waiting = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));
        var bootstrapped = unit0.Run(Hook.RelationJoined(waiting, 0), new State { HostName = "node-a", Leader = true }.WithRelation(waiting)).EnsureSuccess();

        var deferred = unit0.Run(Hook.UpdateStatus, bootstrapped.Output).EnsureSuccess();

        Assert.Equal(new TokenConsumerOptions().PendingWait, deferred.TimeWaited);
        Assert.DoesNotContain(deferred.ProcessCalls, c => c.Arguments.Count > 0 && c.Arguments[0] == "add");
        Assert.False(deferred.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-node-b"));
    }

    [Fact]
    public void A_join_the_daemon_refuses_with_microclusters_text_leaves_unit_1_out_waiting_for_a_new_token()
    {
        var cluster = new FakeClusterRunner();
        var unit1 = UnitOn(cluster, 1, "node-b");
        var host0 = cluster.On("node-a");
        host0.Run(new("microctl", ["bootstrap"], TimeSpan.FromSeconds(60)));
        var token = host0.Run(new("microctl", ["add", "node-b"], TimeSpan.FromSeconds(60))).StandardOutput.Trim();
        // canonical/microcluster's join sentence with the leader's cause for a used or unknown secret.
        cluster.FailNext("node-b", "join", "Error: 1 join attempts were unsuccessful. Last error: CoreTokenRecord not found\n");
        var mirrored = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        var result = unit1.Run(Hook.RelationChanged(mirrored, 0), new State { HostName = "node-b" }.WithRelation(mirrored)).EnsureSuccess();

        Assert.False(result.Output.StoredInCluster());
        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), result.Output.UnitStatus);
        Assert.Equal(["node-a"], cluster.MemberNames);
    }
}

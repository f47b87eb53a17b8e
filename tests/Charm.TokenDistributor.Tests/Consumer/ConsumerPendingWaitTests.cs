using System.Diagnostics;
using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>
/// The communicator's bounded wait for PENDING members (docs/protocol.md, H-2). A member that joined is PENDING until
/// the cluster leader's next heartbeat, every 10 s by default (canonical/microcluster, internal/db/dqlite.go,
/// <c>DefaultHeartbeatInterval</c>), which is the default bound.
/// </summary>
public sealed class ConsumerPendingWaitTests
{
    private static readonly DateTimeOffset T0 = MicroclusterNodes.Start;

    private static (ConsumerHarness Harness, RelationState Relation) PendingNodeB(TimeProvider? hookClock, TokenConsumerOptions? options = null)
    {
        var h = new ConsumerHarness(hostName: "node-a", hookClock: hookClock, options: options);
        h.Cluster.With("node-a").WithPending("node-b").Heartbeats = false;
        return (h, ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty"))));
    }

    [Fact]
    public void The_wait_stops_as_soon_as_no_member_is_pending_and_the_mirror_step_carries_on_in_the_same_hook()
    {
        var clock = new SteppingTimeProvider(T0);
        var (h, relation) = PendingNodeB(clock);
        // The leader's heartbeat comes 4 s into the hook (within one 10 s microcluster heartbeat interval).
        clock.OnAdvance = now => { if (now >= T0 + TimeSpan.FromSeconds(4)) { h.Cluster.Settle(); } };

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], clock.Waits);
        Assert.Equal(["list", "list", "list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(["add", "node-c"], result.ProcessCalls[^1].Arguments);
        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.Empty(result.Output.Deferred);
    }

    [Fact]
    public void The_wait_respects_its_bound_with_a_last_shorter_poll_and_then_defers()
    {
        var clock = new SteppingTimeProvider(T0);
        var (h, relation) = PendingNodeB(clock, new TokenConsumerOptions { PendingWait = TimeSpan.FromSeconds(5), PendingPollInterval = TimeSpan.FromSeconds(2) });

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)], clock.Waits);
        Assert.Equal(4, result.ProcessCalls.Count(c => c.Arguments[0] == "list"));
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
        Assert.Single(result.Output.Deferred);
    }

    [Fact]
    public void A_zero_bound_turns_the_wait_off()
    {
        var clock = new SteppingTimeProvider(T0);
        var (h, relation) = PendingNodeB(clock, new TokenConsumerOptions { PendingWait = TimeSpan.Zero });

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Empty(clock.Waits);
        Assert.Equal(["list"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Single(result.Output.Deferred);
    }

    [Fact]
    public void Nothing_is_waited_for_when_no_member_is_pending()
    {
        var clock = new SteppingTimeProvider(T0);
        var h = new ConsumerHarness(hostName: "node-a", hookClock: clock);
        h.Cluster.With("node-a", "node-b").Heartbeats = false;
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Empty(clock.Waits);
        Assert.Equal(["list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
    }

    [Fact]
    public void The_wait_runs_on_the_options_time_provider_when_one_is_given()
    {
        var clock = new SteppingTimeProvider(T0);
        var (h, relation) = PendingNodeB(hookClock: null, new TokenConsumerOptions { TimeProvider = clock });
        var wall = Stopwatch.StartNew();

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(5), "the wait slept on the system clock instead of the given provider");
        Assert.Equal(5, clock.Waits.Count);
        Assert.Single(result.Output.Deferred);
    }

    [Fact]
    public void A_listing_that_fails_during_the_wait_ends_it_with_the_membership_unavailable_status_and_a_retry()
    {
        var clock = new SteppingTimeProvider(T0);
        var (h, relation) = PendingNodeB(clock);
        clock.OnAdvance = _ => h.Cluster.Fail("list", "Error: Failed to get cluster members: context deadline exceeded\n");

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Single(clock.Waits);
        Assert.Equal(Status.Waiting(TokenConsumer.MembershipUnavailableMessage), result.Output.UnitStatus);
        Assert.Single(result.Output.Deferred);
    }

    [Fact]
    public void A_negative_bound_is_refused_when_the_consumer_is_created()
    {
        var (h, relation) = PendingNodeB(new SteppingTimeProvider(T0), new TokenConsumerOptions { PendingWait = TimeSpan.FromSeconds(-1) });

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster());

        Assert.False(result.Succeeded);
        Assert.Contains("PendingWait", result.Error?.ToString(), StringComparison.Ordinal);
    }
}

using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>
/// The bootstrap-grant extension on the consumer: with a distributor that advertises it, a unit bootstraps only while the
/// distributor's grant names it (leader or not), publishes whether it is a member and the tokens it renounced; with a seed,
/// v0.8 or earlier distributor of this project, it writes none of that and bootstraps as before.
/// </summary>
public sealed class ConsumerBootstrapGrantTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Our distributor's view with a grant: it relays (cluster-binding) the certificate fingerprint of the cluster whose
    /// token it mirrors, as it does once that cluster's bootstrapper reported it.
    /// </summary>
    private static RelationState Granted(string? grantee, params (string Host, string Value)[] mirrored)
    {
        var app = grantee is null ? Bag(("bootstrap-app", "workload")) : Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", grantee));
        if (mirrored.Select(m => JoinTokens.ClusterFingerprintOf(m.Value)).FirstOrDefault(f => f is not null) is { } bound)
        {
            app = [.. app, P("cluster-bound-fingerprint", bound)];
        }

        return ConsumerRelationWith(OurMirror(mirrored)).WithRemoteAppData(app);
    }

    [Fact]
    public void A_non_leader_named_by_the_grant_bootstraps_and_says_it_is_a_member()
    {
        var h = new ConsumerHarness();
        var relation = Granted("workload/0", ("node-a", "empty"));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: false).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(["prebootstrap", "bootstrapped", "joined(bootstrapper)"], h.Recorder.Names);
        Assert.Equal("yes", result.Output.GetRelation(1).LocalUnitData["cluster-member"]);
        Assert.Empty(result.Output.GetRelation(1).LocalAppData);
    }

    [Fact]
    public void A_leading_member_names_itself_the_bootstrapper_when_the_distributor_records_none()
    {
        // A cluster the distributor did not see form (here: a distributor deployed anew, whose databags hold no grant):
        // with one member, one unit's report is no majority, so without a named bootstrapper the distributor would relay no
        // fingerprint and copy no token of this cluster (docs/security.md, "Findings").
        var h = new ConsumerHarness();
        var granted = Granted("workload/0", ("node-a", "empty"));
        var member = h.Run(Hook.RelationChanged(granted, 0), h.State(leader: false).WithRelation(granted)).EnsureSuccess().Output;
        var anew = member.GetRelation(1).WithRemoteAppData(Bag(("bootstrap-app", "workload")));

        var asLeader = h.Run(Hook.UpdateStatus, (member with { Leader = true }).WithRelation(anew)).EnsureSuccess();
        var asFollower = h.Run(Hook.UpdateStatus, member.WithRelation(anew)).EnsureSuccess();
        var stillGranted = h.Run(Hook.UpdateStatus, member with { Leader = true }).EnsureSuccess();

        Assert.Equal("workload/0", asLeader.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
        Assert.Contains(asLeader.Logs, l => l.Message.StartsWith("naming workload/0 in cluster-bootstrapped-by", StringComparison.Ordinal));
        Assert.Empty(asFollower.Output.GetRelation(1).LocalAppData);
        Assert.Empty(stillGranted.Output.GetRelation(1).LocalAppData);
    }

    [Fact]
    public void A_leader_not_named_by_the_grant_never_bootstraps_even_when_no_data_exists()
    {
        var h = new ConsumerHarness();
        var relation = Granted("workload/1", ("node-a", "empty"), ("node-b", "empty"));

        var joined = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();
        var changed = h.Run(Hook.RelationChanged(relation, 0), joined.Output).EnsureSuccess();
        var update = h.Run(Hook.UpdateStatus, changed.Output).EnsureSuccess();

        Assert.Equal(0, h.Cluster.Count("bootstrap"));
        Assert.False(update.Output.StoredInCluster());
        Assert.Equal(Status.Maintenance("Token not in mirror"), changed.Output.UnitStatus);
        Assert.False(changed.Output.GetRelation(1).LocalUnitData.ContainsKey("cluster-member"));
    }

    [Fact]
    public void Before_the_distributor_grants_the_bootstrap_the_leader_waits()
    {
        var h = new ConsumerHarness();
        var relation = Granted(null, ("node-a", "empty"));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Status.Waiting("Waiting for the distributor to grant the bootstrap"), result.Output.UnitStatus);
    }

    [Fact]
    public void A_grantee_whose_bootstrap_hook_failed_after_the_bootstrap_records_it_on_the_retry()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a");
        var relation = Granted("workload/0", ("node-a", "empty"));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: false).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(1, h.Cluster.Count("bootstrap"));
        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(["node-a"], h.Cluster.Members.Select(m => m.Name));
        Assert.Contains("bootstrapped", h.Recorder.Names);
    }

    [Fact]
    public void A_leader_that_bootstraps_under_the_grant_still_writes_the_v0_record()
    {
        var h = new ConsumerHarness();
        var relation = Granted("workload/0", ("node-a", "empty"));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
    }

    public static TheoryData<string> DistributorsWithoutTheGrant => ["seed", "v0.8", "consumed-tokens only"];

    private static RelationState Without(string kind) => kind switch
    {
        "seed" => ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"))),
        "v0.8" => ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload"))),
        _ => ConsumerRelationWith(OurMirrorWithoutGrant(("node-a", "empty"), ("node-b", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload"))),
    };

    [Theory]
    [MemberData(nameof(DistributorsWithoutTheGrant))]
    public void Without_the_grant_the_leader_bootstraps_as_before_and_writes_no_key_of_the_extension(string kind)
    {
        var h = new ConsumerHarness();
        var relation = Without(kind);

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.DoesNotContain(own.Keys, k => k is "cluster-member" or "renounced-tokens");
    }

    [Theory]
    [MemberData(nameof(DistributorsWithoutTheGrant))]
    public void Without_the_grant_a_waiting_non_leader_writes_exactly_its_host_name_and_the_advertisement(string kind)
    {
        var h = new ConsumerHarness();
        var relation = Without(kind);

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: false).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Exactly(("hostname", "node-a"), Advertisement.ToTuple()), Sorted(result.Output.GetRelation(1).LocalUnitData));
    }

    [Theory]
    [MemberData(nameof(DistributorsWithoutTheGrant))]
    public void Without_the_grant_a_leader_elected_after_its_relation_hooks_bootstraps_on_update_status(string kind)
    {
        // Finding B-1 of docs/reliability.md, on the v0 path: no relation hook may come any more.
        var h = new ConsumerHarness();
        var relation = Without(kind);

        var result = h.Run(Hook.UpdateStatus, h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.True(result.Output.StoredInCluster());
    }

    [Fact]
    public void A_v0_record_of_the_bootstrap_does_not_stop_the_unit_the_grant_names()
    {
        // The grant is the guard now: the record may name a unit that left with the cluster (finding F-1).
        var h = new ConsumerHarness(unitName: "workload/1");
        var relation = Granted("workload/1", ("node-a", "empty")).WithLocalAppData(Bag(("cluster-bootstrapped-by", "workload/0")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.Equal("workload/1", result.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
    }

    // ---------- renouncing a token ----------

    private const string JoinRefused = "Error: Failed to join cluster: Failed to connect to 10.0.0.1:7443: connection refused\n";

    private static (ConsumerHarness Harness, FakeTimeProvider Clock, RelationState Relation, string Token) Waiting()
    {
        var clock = new FakeTimeProvider(T0);
        var h = new ConsumerHarness(options: new TokenConsumerOptions { TimeProvider = clock, TokenLifetime = TimeSpan.FromHours(3) });
        var token = h.Cluster.With("node-b").Issue("node-a");
        h.Cluster.Fail("join", JoinRefused);
        return (h, clock, Granted("workload/9", ("node-a", token)), token);
    }

    [Fact]
    public void A_token_that_keeps_failing_is_retried_until_its_lifetime_is_over_then_renounced_once_list_says_the_node_is_no_member()
    {
        var (h, clock, relation, token) = Waiting();
        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        Assert.Equal(Status.Blocked("Joining cluster failed"), first.Output.UnitStatus);
        Assert.Single(first.Output.Deferred);
        Assert.False(first.Output.GetRelation(1).LocalUnitData.ContainsKey("renounced-tokens"));

        clock.Now = T0 + TimeSpan.FromHours(3);
        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();

        Assert.Equal(["join"], first.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(["join", "list"], second.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(JoinTokens.Fingerprint(token), second.Output.GetRelation(1).LocalUnitData["renounced-tokens"]);
        Assert.Contains(second.Logs, l => l.Message.Contains("was not used within", StringComparison.Ordinal) && !l.Message.Contains(token, StringComparison.Ordinal));
        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), second.Output.UnitStatus);
        Assert.False(second.Output.GetRelation(1).LocalUnitData.ContainsKey("cluster-member"));

        var joinsBefore = h.Cluster.Count("join");
        var third = h.Run(Hook.RelationChanged(relation, 0), second.Output).EnsureSuccess();
        Assert.Equal(joinsBefore, h.Cluster.Count("join"));
        Assert.Equal(JoinTokens.Fingerprint(token), third.Output.GetRelation(1).LocalUnitData["renounced-tokens"]);
    }

    [Fact]
    public void A_join_that_went_through_after_all_is_recorded_instead_of_renounced()
    {
        var (h, clock, relation, token) = Waiting();
        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        // The daemon completed a join whose call the unit saw fail (e.g. timed out); its next join call fails again.
        h.Cluster.Heal();
        Assert.True(h.Cluster.Daemon.Execute("node-a", ["join", token]).Succeeded);
        h.Cluster.Settle();
        h.Cluster.Fail("join", JoinRefused);
        clock.Now = T0 + TimeSpan.FromHours(4);

        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();

        Assert.True(second.Output.StoredInCluster());
        Assert.Equal("yes", second.Output.GetRelation(1).LocalUnitData["cluster-member"]);
        Assert.False(second.Output.GetRelation(1).LocalUnitData.ContainsKey("renounced-tokens"));
    }

    [Fact]
    public void A_token_is_not_renounced_while_list_cannot_tell()
    {
        var (h, clock, relation, _) = Waiting();
        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        h.Cluster.Fail("list", "Error: Get \"http://control.socket/cluster/1.0/cluster\": dial unix: connection refused\n");
        clock.Now = T0 + TimeSpan.FromHours(4);

        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();

        Assert.False(second.Output.GetRelation(1).LocalUnitData.ContainsKey("renounced-tokens"));
        Assert.Equal(Status.Blocked("Joining cluster failed"), second.Output.UnitStatus);
    }

    [Fact]
    public void A_rejected_token_is_published_as_renounced()
    {
        var h = new ConsumerHarness();
        var token = h.Cluster.With("node-b").Issue("node-a");
        h.Cluster.ExpireTokens();
        var relation = Granted("workload/9", ("node-a", token));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal(JoinTokens.Fingerprint(token), result.Output.GetRelation(1).LocalUnitData["renounced-tokens"]);
        Assert.DoesNotContain(result.Output.GetRelation(1).LocalUnitData.Values, v => v.Contains(token, StringComparison.Ordinal));
    }
}

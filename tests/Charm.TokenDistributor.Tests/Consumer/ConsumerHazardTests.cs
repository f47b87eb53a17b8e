using System.Diagnostics;
using Charm.Framework.Model;
using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

using State = Charm.Testing.State;

/// <summary>
/// docs/protocol.md, "Hazards and what we do instead", rows H-1 to H-8, H-12 and H-13: one or more tests per row,
/// each of which would fail on the seed's behaviour.
/// </summary>
public sealed class ConsumerHazardTests
{
    private static readonly DateTimeOffset T0 = MicroclusterNodes.Start;

    // ---------- role in "voter" is a substring test ----------

    [Theory]
    [InlineData("")]
    [InlineData("voters")]
    [InlineData("vote")]
    [InlineData("Voter")]
    [InlineData("t")]
    public void Only_the_exact_role_voter_counts_so_a_smaller_name_with_another_role_does_not_take_the_communicator_role(string role)
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b").ListShows(("node-a", role, "ONLINE"), ("node-b", "voter", "ONLINE"));
        var relation = ConsumerRelationWith(SeedMirror(("node-c", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.Contains(result.ProcessCalls, c => c.Arguments.SequenceEqual(["add", "node-c"]));
    }

    [Fact]
    public void A_member_whose_role_is_empty_is_never_the_communicator()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a", "node-b").ListShows(("node-a", "", "ONLINE"), ("node-b", "voter", "ONLINE"));
        var relation = ConsumerRelationWith(SeedMirror(("node-c", "empty"))).WithLocalUnitData(Bag(("mirror", "up")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("down", result.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
    }

    // ---------- PENDING members: sleep(1) loop inside a hook ----------

    [Fact]
    public void Pending_members_that_outlast_the_bounded_wait_defer_the_mirror_step_and_the_wait_ran_on_the_hook_clock()
    {
        // H-2: the communicator waits at most PendingWait (10 s, microcluster's DefaultHeartbeatInterval), polling
        // every 2 s, on the hook's clock; a member still PENDING then defers the mirror step instead of holding the hook.
        var clock = new SteppingTimeProvider(T0);
        var h = new ConsumerHarness(hostName: "node-a", hookClock: clock);
        h.Cluster.With("node-a").WithPending("node-b").Heartbeats = false;
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty")));
        var wall = Stopwatch.StartNew();

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(5), "the wait must run on the hook's clock, not sleep for real");
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(2), 5), clock.Waits);
        Assert.Equal(6, result.ProcessCalls.Count(c => c.Arguments.SequenceEqual(["list", "-f", "json"])));
        Assert.Equal(6, result.ProcessCalls.Count);
        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror"));
        Assert.Equal(new DeferredNotice("token-consumer/cluster/relation-changed", "cluster-relation-changed", "cluster:1", "distributor", "distributor/0"), Assert.Single(result.Output.Deferred));
        Assert.Empty(h.Recorder.Events);
    }

    [Fact]
    public void Once_the_pending_member_has_a_role_the_deferred_event_issues_the_tokens()
    {
        var h = new ConsumerHarness(hostName: "node-a", hookClock: new SteppingTimeProvider(T0));
        h.Cluster.WithPending("node-a").Heartbeats = false;
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-c", "empty")));
        var pending = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();
        h.Cluster.Settle();

        var settled = h.Run(Hook.UpdateStatus, pending.Output).EnsureSuccess();

        Assert.Equal(["list", "add"], settled.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal("up", settled.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.Empty(settled.Output.Deferred);
    }

    [Fact]
    public void With_the_wait_off_a_freshly_bootstrapped_pending_member_defers_its_mirror_step_at_once()
    {
        var h = new ConsumerHarness(options: new TokenConsumerOptions { PendingWait = TimeSpan.Zero });
        h.Cluster.Heartbeats = false;
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap", "list"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.True(result.Output.StoredInCluster());
        Assert.Single(result.Output.Deferred);
    }

    // ---------- list -f json up to four times per hook ----------

    [Fact]
    public void Membership_is_listed_once_per_hook_even_when_deferred_events_are_re_emitted()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty")));
        var input = h.State().WithRelation(relation).InCluster() with
        {
            Stored = h.State().WithRelation(relation).InCluster().Stored with
            {
                Deferred =
                [
                    new DeferredNotice("token-consumer/cluster/relation-changed", "cluster-relation-changed", "cluster:1", "distributor", "distributor/0"),
                    new DeferredNotice("token-consumer/cluster/relation-joined", "cluster-relation-joined", "cluster:1", "distributor", "distributor/0"),
                ],
            },
        };

        var result = h.Run(Hook.RelationChanged(relation, 0), input).EnsureSuccess();

        Assert.Equal(["cluster-token-generated", "cluster-relation-changed", "cluster-relation-joined", "cluster-relation-changed"], result.EmittedEvents);
        Assert.Equal(1, h.Cluster.Count("list"));
        Assert.Equal(1, h.Cluster.Count("add"));
        Assert.Empty(result.Output.Deferred);
    }

    [Fact]
    public void While_a_member_stays_pending_each_hook_lists_once_plus_its_bounded_polls_and_at_most_one_retry_stays_queued()
    {
        var h = new ConsumerHarness(hostName: "node-a", hookClock: new SteppingTimeProvider(T0));
        h.Cluster.With("node-a").WithPending("node-b").Heartbeats = false;
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));
        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();
        var second = h.Run(Hook.RelationJoined(relation, 0), first.Output).EnsureSuccess();

        var third = h.Run(Hook.UpdateStatus, second.Output).EnsureSuccess();

        // One listing, then one per poll of the bounded wait (10 s every 2 s).
        Assert.Equal(6, third.ProcessCalls.Count(c => c.Arguments[0] == "list"));
        // The re-emitted retry keeps its place; new events do not pile up behind it.
        Assert.Single(first.Output.Deferred);
        Assert.Single(second.Output.Deferred);
        Assert.Single(third.Output.Deferred);
    }

    [Fact]
    public void A_failed_listing_is_not_retried_within_the_hook()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a").Fail("list", "Error: Failed to get cluster members: context deadline exceeded\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));
        var input = h.State().WithRelation(relation).InCluster();
        input = input with
        {
            Stored = input.Stored with { Deferred = [new DeferredNotice("token-consumer/cluster/relation-changed", "cluster-relation-changed", "cluster:1", "distributor", "distributor/0")] },
        };

        var result = h.Run(Hook.UpdateStatus, input).EnsureSuccess();

        Assert.Single(result.ProcessCalls);
        Assert.Single(result.Output.Deferred);
    }

    // ---------- CLI stderr discarded; json.loads unguarded; no timeout ----------

    [Fact]
    public void Every_cli_call_runs_with_the_configured_finite_timeout()
    {
        var timeout = TimeSpan.FromSeconds(17);
        var cluster = new MicroclusterNodes();
        var leader = new ConsumerHarness(hostName: "node-a", cluster: cluster, options: new TokenConsumerOptions { CliTimeout = timeout });
        var joiner = new ConsumerHarness(hostName: "node-b", cluster: cluster, options: new TokenConsumerOptions { CliTimeout = timeout }, unitName: "workload/1");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        var bootstrap = leader.Run(Hook.RelationJoined(relation, 0), leader.State(leader: true).WithRelation(relation)).EnsureSuccess();
        var token = bootstrap.Output.GetRelation(1).LocalUnitData["mirror-node-b"]!;
        var mirrored = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));
        var join = joiner.Run(Hook.RelationChanged(mirrored, 0), joiner.State().WithRelation(mirrored)).EnsureSuccess();
        var remove = joiner.Run(Hook.Remove, join.Output).EnsureSuccess();

        var calls = bootstrap.ProcessCalls.Concat(join.ProcessCalls).Concat(remove.ProcessCalls).ToArray();
        Assert.Equal(["bootstrap", "list", "add", "join", "list", "remove"], calls.Select(c => c.Arguments[0]));
        Assert.All(calls, c => Assert.Equal(timeout, c.Timeout));
    }

    [Fact]
    public void The_default_timeout_is_finite()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.All(result.ProcessCalls, c => Assert.Equal(TimeSpan.FromSeconds(60), c.Timeout));
        Assert.Equal(TimeSpan.FromSeconds(60), new TokenConsumerOptions().CliTimeout);
    }

    [Fact]
    public void Cli_standard_error_is_captured_and_logged_with_the_token_redacted()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        var token = Tokens.Shaped("node-b", 42);
        h.Cluster.Fail("join", $"Error: Failed to join cluster: token {token} rejected by 10.0.0.1:7443: x509: certificate signed by unknown authority\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Contains(result.Logs, l => l.Message.Contains("x509: certificate signed by unknown authority", StringComparison.Ordinal)
            && l.Message.Contains("<redacted>", StringComparison.Ordinal));
        Leaks.AssertNowhere(result, token, Tokens.SecretOf(token));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"name\":\"node-a\"}")]
    [InlineData("[{\"role\":\"voter\"}]")]
    [InlineData("[{\"name\":\"node-a\",\"role\":\"voter\",\"status\":\"ONLINE\"}")]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("null")]
    public void Malformed_list_output_is_a_clear_waiting_status_and_the_hook_succeeds(string output)
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a").Prints(output);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-c", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster());

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Status.Waiting("Cluster CLI printed unreadable member list; will retry"), result.Output.UnitStatus);
        Assert.Equal(TokenConsumer.UnreadableMembershipMessage, result.Output.UnitStatus.Message);
        Assert.NotEqual(TokenConsumer.MembershipUnavailableMessage, TokenConsumer.UnreadableMembershipMessage);
        Assert.Single(result.Output.Deferred);
        Assert.Single(result.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("`microctl list -f json` printed unexpected output", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
        Assert.Equal("", result.StandardError);
    }

    // ---------- the token is written to the log when a join fails ----------

    [Fact]
    public void A_token_is_never_logged_printed_or_put_in_a_status_across_the_whole_life_of_a_cluster()
    {
        var cluster = new MicroclusterNodes();
        var a = new ConsumerHarness(hostName: "node-a", cluster: cluster);
        var b = new ConsumerHarness(hostName: "node-b", cluster: cluster, unitName: "workload/1");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));
        var results = new List<RunResult>();

        // node-a bootstraps and issues node-b's token.
        results.Add(a.Run(Hook.RelationJoined(relation, 0), a.State(leader: true).WithRelation(relation)).EnsureSuccess());
        var token = results[^1].Output.GetRelation(1).LocalUnitData["mirror-node-b"]!;
        var secret = Tokens.SecretOf(token);
        var mirrored = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        // node-b fails to join three ways, echoing the token on stderr each time, then joins.
        cluster.Fail("join", $"Error: Failed to join cluster with token {token}: connection refused\n");
        results.Add(b.Run(Hook.RelationChanged(mirrored, 0), b.State().WithRelation(mirrored)));
        cluster.Answer("join", new Charm.Framework.Processes.ProcessResult(-1, token, token, TimedOut: true));
        results.Add(b.Run(Hook.RelationChanged(mirrored, 0), results[^1].Output));
        cluster.Heal();
        results.Add(b.Run(Hook.RelationChanged(mirrored, 0), results[^1].Output));

        // a failing add prints a token-looking line on stdout and stderr.
        cluster.Fail("add", "Error: Failed to create join token " + Tokens.Shaped("node-c", 7) + "\n", Tokens.Shaped("node-c", 7) + "\n");
        var withC = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token), ("node-c", "empty")));
        results.Add(a.Run(Hook.RelationChanged(withC, 0), results[0].Output.WithRelation(withC.WithLocalUnitData(results[0].Output.GetRelation(1).LocalUnitData))));

        Assert.True(results[^2].Output.StoredInCluster());
        foreach (var result in results)
        {
            Assert.True(result.Succeeded, result.StandardError);
            Leaks.AssertNowhere(result, token, secret, Tokens.Shaped("node-c", 7), Tokens.SecretOf(Tokens.Shaped("node-c", 7)));
        }
    }

    // ---------- a join failure retries the same dead token forever ----------

    [Theory]
    // The daemon's texts (canonical/microcluster internal/rest/resources/control.go and cluster.go; docs/microcluster-cli.md).
    [InlineData("Error: 1 join attempts were unsuccessful. Last error: Token expired\n")]
    [InlineData("Error: 1 join attempts were unsuccessful. Last error: CoreTokenRecord not found\n")]
    [InlineData("Error: 1 join attempts were unsuccessful. Last error: InternalTokenRecord not found\n")]
    [InlineData("Error: illegal base64 data at input byte 4\n")]
    [InlineData("Error: 1 join attempts were unsuccessful. Last error: Joining server certificate SAN does not contain join token name\n")]
    [InlineData("Error: 1 join attempts were unsuccessful. Last error: %!w(<nil>)\n")]
    public void A_rejected_token_is_not_retried_and_the_unit_waits_for_a_fresh_one(string stderr)
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.Fail("join", stderr);
        var token = Tokens.Shaped("node-b", 3);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();

        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), first.Output.UnitStatus);
        Assert.Empty(first.Output.Deferred);
        Assert.Empty(second.ProcessCalls);
        Assert.Equal(1, h.Cluster.Count("join"));
        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), second.Output.UnitStatus);
        Assert.DoesNotContain(second.UnitStatusHistory, s => s.Kind == StatusKind.Blocked);
        Leaks.AssertNowhere(first, token);
    }

    [Fact]
    public void After_a_rejected_token_a_fresh_token_is_used()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var dead = h.Cluster.Issue("node-b");
        h.Cluster.ExpireTokens();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", dead)));
        var rejected = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var fresh = h.Cluster.Issue("node-b");
        var reissued = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", fresh)));

        var joined = h.Run(Hook.RelationChanged(reissued, 0), rejected.Output.WithRelation(reissued.WithLocalUnitData(rejected.Output.GetRelation(1).LocalUnitData))).EnsureSuccess();

        Assert.Equal(["join", fresh], joined.ProcessCalls[0].Arguments);
        Assert.True(joined.Output.StoredInCluster());
        Assert.Equal(StoredValue.FromStringList([JoinTokens.Fingerprint(dead)]), rejected.Output.GetStored(ConsumerStore, "renounced-tokens"));
        Assert.Null(joined.Output.GetStored(ConsumerStore, "renounced-tokens"));
    }

    [Fact]
    public void The_communicator_reissues_a_token_that_was_not_used_within_its_lifetime()
    {
        var lifetime = TimeSpan.FromMinutes(30);
        var h = ConsumerHarness.Communicator(lifetime);
        var old = h.Cluster.Issue("node-b");
        // The lifetime is the daemon's (--expire-after) too: it purges the expired token, so the name is free again.
        h.Cluster.Clock.Advance(lifetime);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", old)))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", old)));
        var input = h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-b", T0))));

        var result = h.Run(Hook.UpdateStatus, input).EnsureSuccess();

        Assert.Equal(["list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(["add", "node-b"], result.ProcessCalls[1].Arguments);
        var fresh = result.Output.GetRelation(1).LocalUnitData["mirror-node-b"];
        Assert.NotEqual(old, fresh);
        Assert.True(h.Cluster.Daemon.Execute("node-b", ["join", fresh!]).Succeeded, "the fresh token is node-b's");
        Assert.Equal(["token-generated(node-b)"], h.Recorder.Names);
        Assert.Equal(Issued(("node-b", T0 + lifetime)), result.Output.GetStored(ConsumerStore, "issued-tokens"));
        Leaks.AssertNowhere(result, old, fresh!);
    }

    [Fact]
    public void The_communicator_does_not_reissue_a_token_before_its_lifetime()
    {
        var lifetime = TimeSpan.FromMinutes(30);
        var clock = new FakeTimeProvider(T0 + lifetime - TimeSpan.FromSeconds(1));
        var h = new ConsumerHarness(hostName: "node-a", options: new TokenConsumerOptions { TokenLifetime = lifetime, TimeProvider = clock });
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "tokB")))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB")));
        var input = h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-b", T0))));

        var result = h.Run(Hook.UpdateStatus, input).EnsureSuccess();

        Assert.Equal(["list"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal("tokB", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Equal(Issued(("node-b", T0)), result.Output.GetStored(ConsumerStore, "issued-tokens"));
    }

    [Fact]
    public void The_default_token_lifetime_is_three_hours_and_the_issue_time_is_recorded_when_a_token_is_issued()
    {
        var clock = new FakeTimeProvider(T0);
        var h = new ConsumerHarness(hostName: "node-a", options: new TokenConsumerOptions { TimeProvider = clock });
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        var issued = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();
        var mirrored = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", issued.Output.GetRelation(1).LocalUnitData["mirror-node-b"]!)))
            .WithLocalUnitData(issued.Output.GetRelation(1).LocalUnitData);
        clock.Now = T0 + TimeSpan.FromHours(3) - TimeSpan.FromSeconds(1);
        var before = h.Run(Hook.UpdateStatus, issued.Output.WithRelation(mirrored)).EnsureSuccess();
        clock.Now = T0 + TimeSpan.FromHours(3);
        var at = h.Run(Hook.UpdateStatus, before.Output).EnsureSuccess();

        Assert.Equal(TimeSpan.FromHours(3), new TokenConsumerOptions().TokenLifetime);
        Assert.Equal(Issued(("node-b", T0)), issued.Output.GetStored(ConsumerStore, "issued-tokens"));
        Assert.DoesNotContain(before.ProcessCalls, c => c.Arguments[0] == "add");
        Assert.Contains(at.ProcessCalls, c => c.Arguments.SequenceEqual(["add", "node-b"]));
    }

    // ---------- split brain ----------

    [Fact]
    public void The_bootstrapping_leader_records_the_bootstrap_in_its_own_app_databag_in_the_same_hook()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
        var appSet = Assert.Single(result.RelationSets, c => c.Arguments.Contains("--app", StringComparison.Ordinal));
        Assert.Equal("workload/0", appSet.Data!["cluster-bootstrapped-by"]);
        Assert.Contains(result.ProcessCalls, c => c.Arguments[0] == "bootstrap");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_new_leader_never_bootstraps_when_the_record_exists_and_nothing_was_mirrored_yet(bool onJoined)
    {
        var h = new ConsumerHarness(hostName: "node-b", unitName: "workload/1");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")))
            .WithLocalAppData(Bag(("cluster-bootstrapped-by", "workload/0")));
        var hook = onJoined ? Hook.RelationJoined(relation, 0) : Hook.RelationChanged(relation, 0);

        var result = h.Run(hook, h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Empty(h.Recorder.Events);
        Assert.False(result.Output.StoredInCluster());
        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
    }

    // ---------- consumed tokens ----------

    private static (ConsumerHarness H, State Input) CommunicatorWithUsedToken(bool distributorAdvertises)
    {
        var h = new ConsumerHarness(hostName: "node-a", options: new TokenConsumerOptions { TimeProvider = new FakeTimeProvider(T0) });
        h.Cluster.With("node-a", "node-b");
        var mirror = distributorAdvertises ? OurMirror(("node-a", "empty"), ("node-b", "tokB")) : SeedMirror(("node-a", "empty"), ("node-b", "tokB"));
        var relation = ConsumerRelationWith(mirror)
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB"), Advertisement.ToTuple()));
        return (h, h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-b", T0)))));
    }

    [Fact]
    public void With_a_distributor_that_advertises_consumed_tokens_the_communicator_replaces_a_used_token_with_joined()
    {
        var (h, input) = CommunicatorWithUsedToken(distributorAdvertises: true);

        var result = h.Run(Hook.RelationChanged(input.GetRelation(1), 0), input).EnsureSuccess();

        Assert.Equal("joined", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Null(result.Output.GetStored(ConsumerStore, "issued-tokens"));
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
    }

    [Fact]
    public void With_a_seed_or_v08_distributor_the_used_token_stays_exactly_as_v0_leaves_it()
    {
        var (h, input) = CommunicatorWithUsedToken(distributorAdvertises: false);

        var result = h.Run(Hook.RelationChanged(input.GetRelation(1), 0), input).EnsureSuccess();

        Assert.Equal(input.GetRelation(1).LocalUnitData, result.Output.GetRelation(1).LocalUnitData);
        Assert.DoesNotContain(result.RelationSets, c => c.Data!.ContainsKey("mirror-node-b"));
    }

    [Fact]
    public void With_an_advertising_distributor_an_existing_members_empty_key_is_marked_joined_without_calling_add()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("joined", result.Output.GetRelation(1).LocalUnitData["mirror-node-a"]);
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
    }

    [Fact]
    public void A_unit_that_sees_joined_for_itself_and_is_a_member_records_that_it_is_in_the_cluster()
    {
        // Its join succeeded but the hook died before the state was saved; the communicator has since marked it joined.
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", "joined")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(Status.Active("Joined cluster"), result.Output.UnitStatus);
        Assert.Equal(["joined"], h.Recorder.Names);
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "join");
    }

    [Fact]
    public void A_unit_that_sees_joined_for_itself_but_is_not_a_member_waits_without_joining()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", "joined")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.False(result.Output.StoredInCluster());
        Assert.Equal(Status.Waiting("Waiting for a new join token"), result.Output.UnitStatus);
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "join");
    }

    // ---------- remove of the last member ----------

    [Fact]
    public void Removing_the_last_member_is_logged_as_info_not_as_an_error()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a");

        var result = h.Run(Hook.Remove, h.State().InCluster()).EnsureSuccess();

        Assert.Equal(["remove", "node-a"], Assert.Single(result.ProcessCalls).Arguments);
        Assert.DoesNotContain(result.Logs, l => l.Level == LogLevel.Error);
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Info && l.Message.Contains("last cluster member", StringComparison.Ordinal));
        Assert.False(result.Output.StoredInCluster());
    }

    [Theory]
    [InlineData("Error: No remote exists with the given name \"node-a\"\n", "No remote exists")]
    [InlineData("Error: Failed to connect to 10.0.0.1:6443: connection refused\n", "connection refused")]
    [InlineData("Error: Failed to remove cluster member: no remaining non-pending members\n", "no remaining non-pending members")]
    public void Other_remove_failures_are_logged_as_errors_with_the_clis_standard_error(string stderr, string expected)
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a").WithPending("node-b").Fail("remove", stderr).Heartbeats = false;

        var result = h.Run(Hook.Remove, h.State().InCluster()).EnsureSuccess();

        Assert.Contains(result.Logs, l => l.Level == LogLevel.Error && l.Message.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Logs, l => l.Level == LogLevel.Info && l.Message.Contains("last cluster member", StringComparison.Ordinal));
    }
}

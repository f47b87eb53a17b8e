using Charm.Framework.Model;
using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Events;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>The consumer's behaviours that are the seed library's (docs/protocol.md, "Consumer behaviour").</summary>
public sealed class ConsumerSeedBehaviourTests
{
    // ---------- constants (the wire keys themselves: Protocol/WireKeysTests), mirror reads through the consumer ----------

    [Fact]
    public void The_literal_wire_strings_of_these_tests_and_the_waiting_status_are_the_seeds()
    {
        AssertConstants();
        Assert.Equal("Waiting for token distributor relation", TokenConsumer.WaitingForRelationMessage);
    }

    [Fact]
    public void AddToMirror_publishes_mirror_prefixed_keys_in_the_units_own_databag()
    {
        var h = new ConsumerHarness(constructed: c => c.Consumer!.AddToMirror([P("ca-cert", "PEM"), P("node-z", "empty")]));
        var relation = ConsumerRelationWith(SeedMirror());

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("PEM", own["mirror-ca-cert"]);
        Assert.Equal("empty", own["mirror-node-z"]);
    }

    [Fact]
    public void AddToMirror_without_a_relation_is_a_clear_InvalidOperationException()
    {
        Exception? thrown = null;
        var h = new ConsumerHarness(constructed: c => thrown = Record.Exception(() => c.Consumer!.AddToMirror([P("k", "v")])));

        h.Run(Hook.Install, h.State()).EnsureSuccess();

        Assert.IsType<InvalidOperationException>(thrown);
    }

    [Fact]
    public void FindValue_corroborates_across_mirrors_only_and_honours_keep_empty()
    {
        var found = new Dictionary<string, string?>();
        var h = new ConsumerHarness(constructed: c =>
        {
            var consumer = c.Consumer!;
            found["h1 keep"] = consumer.FindValue("h1", keepEmpty: true);
            found["h1 drop"] = consumer.FindValue("h1", keepEmpty: false);
            found["only-empty keep"] = consumer.FindValue("only-empty", keepEmpty: true);
            found["only-empty drop"] = consumer.FindValue("only-empty", keepEmpty: false);
            found["majority"] = consumer.FindValue("majority");
            found["tie"] = consumer.FindValue("tie");
            found["on-down-unit"] = consumer.FindValue("on-down-unit");
            found["missing"] = consumer.FindValue("missing");
            found["mirrored-keys"] = string.Join(",", consumer.MirroredKeys());
        });
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, Bag(("mirror", "up"), ("mirror-h1", "empty"), ("mirror-only-empty", "empty"), ("mirror-majority", "tokA"), ("mirror-tie", "tokA")))
            .WithRemoteUnit(1, Bag(("mirror", "up"), ("mirror-h1", "tokX"), ("mirror-majority", "tokB"), ("mirror-tie", "tokB")))
            .WithRemoteUnit(2, Bag(("mirror", "up"), ("mirror-majority", "tokB")))
            .WithRemoteUnit(3, Bag(("mirror", "down"), ("mirror-on-down-unit", "tokD"), ("mirror-majority", "tokA"), ("mirror-tie", "tokA")));

        h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal("tokX", found["h1 keep"]);
        Assert.Equal("tokX", found["h1 drop"]);
        Assert.Equal("empty", found["only-empty keep"]);
        Assert.Null(found["only-empty drop"]);
        Assert.Equal("tokB", found["majority"]);
        Assert.Equal("tokA", found["tie"]);
        Assert.Null(found["on-down-unit"]);
        Assert.Null(found["missing"]);
        Assert.Equal("h1,majority,only-empty,tie", found["mirrored-keys"]);
    }

    [Fact]
    public void FindValue_without_a_relation_is_null()
    {
        string? value = "unset";
        var h = new ConsumerHarness(constructed: c => value = c.Consumer!.FindValue("anything"));

        h.Run(Hook.Install, h.State()).EnsureSuccess();

        Assert.Null(value);
    }

    [Fact]
    public void Any_data_exists_counts_every_remote_unit_not_only_mirrors_so_a_real_value_on_a_down_unit_prevents_bootstrap()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("node-a", "empty")))
            .WithRemoteUnit(1, Bag(("mirror", "down"), ("mirror-node-b", "tokB")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.False(result.Output.StoredInCluster());
    }

    [Fact]
    public void Any_data_exists_ignores_empty_placeholders_and_non_mirror_keys()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, [.. SeedMirror(("node-a", "empty"), ("node-b", "empty")), P("hostname", "x"), P("some-mirror-key", "real")]);

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
    }

    // ---------- install ----------

    [Fact]
    public void Install_without_the_relation_sets_maintenance_waiting_for_the_relation()
    {
        var h = new ConsumerHarness();

        var result = h.Run(Hook.Install, h.State()).EnsureSuccess();

        Assert.Equal([Status.Maintenance("Waiting for token distributor relation")], result.UnitStatusHistory);
        Assert.Empty(result.ProcessCalls);
    }

    [Fact]
    public void Install_with_the_relation_sets_no_status()
    {
        var h = new ConsumerHarness();

        var result = h.Run(Hook.Install, h.State().WithRelation(ConsumerRelation())).EnsureSuccess();

        Assert.Empty(result.UnitStatusHistory);
    }

    // ---------- relation-created ----------

    [Fact]
    public void Relation_created_publishes_the_host_name_and_runs_nothing_before_the_unit_is_in_the_cluster()
    {
        var h = new ConsumerHarness(hostName: "juju-7f3a-2");
        var relation = ConsumerRelation();

        var result = h.Run(Hook.RelationCreated(relation), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal("juju-7f3a-2", result.Output.GetRelation(1).LocalUnitData["hostname"]);
        Assert.Empty(result.ProcessCalls);
        Assert.Empty(h.Recorder.Events);
    }

    [Fact]
    public void Relation_created_on_a_member_runs_the_mirror_step()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationCreated(relation), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(["list", "-f", "json"], Assert.Single(result.ProcessCalls).Arguments);
        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    // ---------- bootstrap ----------

    [Fact]
    public void Leader_bootstraps_on_relation_joined_when_no_data_exists()
    {
        var h = new ConsumerHarness(bootstrapArguments: ["--address", "10.0.0.1:6443"]);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal("microctl", result.ProcessCalls[0].FileName);
        Assert.Equal(["bootstrap", "--address", "10.0.0.1:6443"], result.ProcessCalls[0].Arguments);
        Assert.Equal(["prebootstrap", "bootstrapped", "joined(bootstrapper)"], h.Recorder.Names);
        Assert.Equal(["cluster-prebootstrap", "cluster-bootstrapped", "cluster-joined", "cluster-relation-joined"], result.EmittedEvents);
        Assert.Equal(Status.Active("Cluster bootstrapped"), result.Output.UnitStatus);
        Assert.True(result.Output.StoredInCluster());
        Assert.Equal("node-a", result.Output.GetRelation(1).LocalUnitData["hostname"]);
        Assert.Empty(result.Output.Deferred);
        Assert.Same(h.Recorder.Events[0].Relation, h.Recorder.Events[2].Relation);
        Assert.Equal("cluster:1", h.Recorder.Events[0].Relation.Id.ToString());
    }

    [Fact]
    public void The_bootstrapper_is_then_the_communicator_and_puts_its_mirror_up()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap", "list"], result.ProcessCalls.Select(c => c.Arguments[0]));
        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("up", own["mirror"]);
        Assert.False(own.ContainsKey("mirror-node-a"));
    }

    [Fact]
    public void A_non_leader_never_bootstraps()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var joined = h.Run(Hook.RelationJoined(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var changed = h.Run(Hook.RelationChanged(relation, 0), joined.Output).EnsureSuccess();

        Assert.Empty(joined.ProcessCalls);
        Assert.Empty(changed.ProcessCalls);
        Assert.Equal(Status.Maintenance("Token not in mirror"), changed.Output.UnitStatus);
    }

    [Fact]
    public void A_member_does_not_bootstrap_again()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "bootstrap");
        Assert.Empty(h.Recorder.Events);
    }

    [Fact]
    public void Bootstrap_failure_blocks_and_defers()
    {
        var h = new ConsumerHarness();
        h.Cluster.Fail("bootstrap", "Error: Failed to initialize local remote entry: address already in use\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(Status.Blocked("Unable to bootstrap cluster"), result.Output.UnitStatus);
        Assert.Equal(["prebootstrap"], h.Recorder.Names);
        Assert.False(result.Output.StoredInCluster());
        var notice = Assert.Single(result.Output.Deferred);
        Assert.Equal(new DeferredNotice("token-consumer/cluster/relation-joined", "cluster-relation-joined", "cluster:1", "distributor", "distributor/0"), notice);
        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-bootstrapped-by"));
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("unable to bootstrap cluster", StringComparison.Ordinal)
            && l.Message.Contains("address already in use", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deferred_bootstrap_is_retried_on_the_next_hook_and_succeeds()
    {
        var h = new ConsumerHarness();
        h.Cluster.Fail("bootstrap", "Error: transient\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));
        var first = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();
        h.Cluster.Heal();

        var second = h.Run(Hook.UpdateStatus, first.Output).EnsureSuccess();

        Assert.Equal(["cluster-prebootstrap", "cluster-bootstrapped", "cluster-joined", "cluster-relation-joined", "update-status"], second.EmittedEvents);
        Assert.True(second.Output.StoredInCluster());
        Assert.Empty(second.Output.Deferred);
        Assert.Equal(Status.Active("Cluster bootstrapped"), second.Output.UnitStatus);
    }

    // ---------- join ----------

    [Fact]
    public void Relation_changed_joins_with_the_token_for_its_host_name()
    {
        var h = new ConsumerHarness(hostName: "node-b", joinArguments: ["--config", "a=b"]);
        h.Cluster.With("node-a");
        var token = h.Cluster.Issue("node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["join", token, "--config", "a=b"], result.ProcessCalls[0].Arguments);
        Assert.Equal(["prejoin", "joined"], h.Recorder.Names);
        Assert.False(((ClusterJoinedEvent)h.Recorder.Events[1]).Bootstrapper);
        // The seed sets "Joining cluster" and then "Joined cluster"; collected, the hook sets where it ended (one status-set).
        Assert.Equal([Status.Active("Joined cluster")], result.UnitStatusHistory);
        Assert.True(result.Output.StoredInCluster());
        Assert.Empty(result.Output.Deferred);
        Assert.Contains(h.Cluster.Members, m => m.Name == "node-b");
    }

    [Fact]
    public void Relation_changed_without_a_token_for_its_host_name_waits_in_maintenance()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "tokC")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal([Status.Maintenance("Token not in mirror")], result.UnitStatusHistory);
        Assert.Empty(result.ProcessCalls);
        Assert.Empty(result.Output.Deferred);
    }

    [Fact]
    public void A_token_held_only_by_a_unit_whose_mirror_is_down_is_not_used()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("node-b", "empty")))
            .WithRemoteUnit(1, Bag(("mirror", "down"), ("mirror-node-b", "stale")));

        var result = h.Run(Hook.RelationChanged(relation, 1), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Status.Maintenance("Token not in mirror"), result.Output.UnitStatus);
    }

    [Fact]
    public void A_generic_join_failure_blocks_and_defers()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.Fail("join", "Error: Failed to join cluster: Failed to connect to 10.0.0.1:7443: connection refused\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-b", "tokB-0123456789")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        // The seed sets "Joining cluster" first; collected, the hook sets where it ended (one status-set).
        Assert.Equal([Status.Blocked("Joining cluster failed")], result.UnitStatusHistory);
        Assert.Equal(["prejoin"], h.Recorder.Names);
        Assert.False(result.Output.StoredInCluster());
        Assert.Equal("token-consumer/cluster/relation-changed", Assert.Single(result.Output.Deferred).ObserverId);
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("connection refused", StringComparison.Ordinal));
        Leaks.AssertNowhere(result, "tokB-0123456789");
    }

    [Fact]
    public void After_a_generic_join_failure_the_deferred_event_joins_once_the_cluster_answers()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var token = h.Cluster.Issue("node-b");
        h.Cluster.Fail("join", "Error: Failed to join cluster: connection refused\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));
        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        h.Cluster.Heal();

        var second = h.Run(Hook.UpdateStatus, first.Output).EnsureSuccess();

        Assert.Equal(2, h.Cluster.Count("join"));
        Assert.True(second.Output.StoredInCluster());
        Assert.Equal(Status.Active("Joined cluster"), second.Output.UnitStatus);
        Assert.Empty(second.Output.Deferred);
    }

    // ---------- the communicator ----------

    [Fact]
    public void The_communicator_puts_its_mirror_up_and_issues_a_token_for_every_empty_key_it_has_not_set()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty"), ("node-d", "empty"), ("node-e", "empty"), ("node-f", "empty")))
            .WithRemoteUnit(1, SeedMirror(("node-d", "tokD-from-other-mirror")))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror-node-e", "tokE-already-ours")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        // node-a and node-b are members; node-d has a real corroborated token; node-e was set by us.
        Assert.Equal([["list", "-f", "json"], ["add", "node-c"], ["add", "node-f"]], result.ProcessCalls.Select(c => c.Arguments.ToArray()));
        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("up", own["mirror"]);
        // The mirrored value is the token the daemon issued for node-c: node-c joins with it.
        Assert.Single(h.Cluster.Daemon.ListOutstandingTokens(), t => t.Name == "node-c" && t.IssuedBy == "node-a");
        Assert.DoesNotContain("\n", own["mirror-node-c"], StringComparison.Ordinal);
        Assert.True(h.Cluster.Daemon.Execute("node-c", ["join", own["mirror-node-c"]!]).Succeeded);
        Assert.Equal("tokE-already-ours", own["mirror-node-e"]);
        Assert.False(own.ContainsKey("mirror-node-d"));
        Assert.Equal(["token-generated(node-c)", "token-generated(node-f)"], h.Recorder.Names);
        Assert.Equal("node-c", ((TokenGeneratedEvent)h.Recorder.Events[0]).HostName);
        Assert.Equal(["cluster-token-generated", "cluster-token-generated", "cluster-relation-changed"], result.EmittedEvents);
    }

    // Issue 15, "Fewer processes per hook": the communicator's cluster-relation-changed that issues two tokens needs 8
    // processes (relation-list, three relation-get, list, two add, one relation-set); the framework may add at most one
    // (the hook's INFO lines, folded into one juju-log). Each hook-tool call and each cluster CLI call is a process.
    [Fact]
    public void The_communicator_issuing_two_tokens_runs_at_most_nine_processes_and_no_status_get()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty"), ("node-f", "empty")))
            .WithLocalUnitData(Bag(("hostname", "node-a")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal([["list", "-f", "json"], ["add", "node-c"], ["add", "node-f"]], result.ProcessCalls.Select(c => c.Arguments.ToArray()));
        var tools = result.BackendCalls.Select(c => c.Tool).ToArray();
        Assert.True(tools.Length + result.ProcessCalls.Count <= 9, "processes: " + string.Join(", ", tools) + " + " + result.ProcessCalls.Count + " cluster CLI calls");
        Assert.DoesNotContain("status-get", tools);
        Assert.True(tools.Count(t => t == "juju-log") <= 1, string.Join(", ", tools));
        Assert.Single(tools, t => t == "relation-set");
        var reads = result.BackendCalls.Where(c => c.Tool == "relation-get").Select(c => c.Arguments).ToArray();
        Assert.Equal(reads.Distinct().Count(), reads.Length);
        Assert.Equal(["token-generated(node-c)", "token-generated(node-f)"], h.Recorder.Names);
    }

    // Issue 15, measured by benchmarks/hook-processes.sh: the same hook against a seed distributor, which relays no
    // renounced tokens, hashes none of the tokens it holds. A SHA-256 is the hook process's first use of OpenSSL on Linux
    // (~4 ms of CPU and ~220 page faults of a hook that costs ~37 ms in all).
    [Fact]
    public void The_communicator_issuing_two_tokens_to_a_seed_distributor_hashes_no_token()
    {
        // Besides the two hosts that wait, a token this unit issued earlier (node-e) and one another communicator left
        // (node-g): the two kinds of token a renounced relay could name, so both checks of it run.
        var h = ConsumerHarness.Communicator(TimeSpan.FromHours(1));
        h.Cluster.With("node-b");
        var ours = Tokens.Shaped("node-e", 1);
        var adopted = Tokens.Shaped("node-g", 1);
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty"), ("node-e", "empty"), ("node-f", "empty"), ("node-g", adopted)))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-e", ours)));
        var state = h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-e", MicroclusterNodes.Start))));

        var before = JoinTokens.FingerprintsOnThisThread;
        var result = h.Run(Hook.RelationChanged(relation, 0), state).EnsureSuccess();

        Assert.Equal(before, JoinTokens.FingerprintsOnThisThread);
        Assert.Equal([["list", "-f", "json"], ["add", "node-c"], ["add", "node-f"]], result.ProcessCalls.Select(c => c.Arguments.ToArray()));
        Assert.Equal(ours, result.Output.GetRelation(1).LocalUnitData["mirror-node-e"]);
        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-node-g"));
    }

    [Fact]
    public void The_communicator_trims_the_token_the_cli_prints()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a").Answer("add", new Charm.Framework.Processes.ProcessResult(0, "  \n tokC-with-spaces-around \r\n", ""));
        var relation = ConsumerRelationWith(SeedMirror(("node-c", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("tokC-with-spaces-around", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    [Fact]
    public void The_communicator_is_the_smallest_online_voter_in_ordinal_order()
    {
        // 'Node-z' < 'node-a' ordinally (upper case first); 'aaa' is a stand-by, 'a00' is unreachable.
        var cluster = new MicroclusterNodes().With("node-a", "Node-z", "a00", "aaa");
        cluster.Daemon.SetReachable("a00", false);
        cluster.Heartbeats = false;
        var relation = ConsumerRelationWith(SeedMirror(("node-c", "empty")));

        var upper = new ConsumerHarness(hostName: "Node-z", cluster: cluster);
        var lower = new ConsumerHarness(hostName: "node-a", cluster: cluster);
        var standBy = new ConsumerHarness(hostName: "aaa", cluster: cluster);
        var unreachable = new ConsumerHarness(hostName: "a00", cluster: cluster);

        Assert.Equal("up", upper.Run(Hook.RelationChanged(relation, 0), upper.State().WithRelation(relation).InCluster()).Output.GetRelation(1).LocalUnitData["mirror"]);
        foreach (var other in new[] { lower, standBy, unreachable })
        {
            var result = other.Run(Hook.RelationChanged(relation, 0), other.State().WithRelation(relation).InCluster()).EnsureSuccess();
            Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror"));
            Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
        }
    }

    [Fact]
    public void A_non_communicator_takes_its_mirror_down_when_it_was_set()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("down", result.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "add");
    }

    [Fact]
    public void A_non_communicator_whose_mirror_was_never_set_leaves_it_unset()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror"));
        Assert.DoesNotContain(result.RelationSets, c => c.Data!.ContainsKey("mirror"));
    }

    [Fact]
    public void A_unit_that_joins_in_the_hook_runs_the_mirror_step_in_the_same_hook()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var token = h.Cluster.Issue("node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["join", "list"], result.ProcessCalls.Select(c => c.Arguments[0]));
    }

    // ---------- remove ----------

    [Fact]
    public void Remove_on_a_member_removes_its_host_name_from_the_cluster()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");

        var result = h.Run(Hook.Remove, h.State().InCluster()).EnsureSuccess();

        Assert.Equal(["remove", "node-b"], Assert.Single(result.ProcessCalls).Arguments);
        Assert.DoesNotContain(h.Cluster.Members, m => m.Name == "node-b");
        Assert.False(result.Output.StoredInCluster());
    }

    [Fact]
    public void Remove_on_a_unit_that_is_not_a_member_runs_nothing()
    {
        var h = new ConsumerHarness(hostName: "node-b");

        var result = h.Run(Hook.Remove, h.State().WithRelation(ConsumerRelation())).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
    }

    [Fact]
    public void In_cluster_is_kept_in_the_units_stored_state_across_hooks()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));
        var bootstrapped = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(StoredValue.FromBoolean(true), bootstrapped.Output.GetStored(ConsumerStore, "in-cluster"));
        var next = h.Run(Hook.RelationChanged(relation, 0), bootstrapped.Output).EnsureSuccess();
        Assert.DoesNotContain(next.ProcessCalls, c => c.Arguments[0] is "bootstrap" or "join");
    }
}

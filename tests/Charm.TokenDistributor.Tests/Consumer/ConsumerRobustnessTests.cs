using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>
/// Crash safety and malformed inputs: every outcome is a typed, documented one (a status and a log line); the hook never
/// fails with an unhandled exception.
/// </summary>
public sealed class ConsumerRobustnessTests
{
    // ---------- crash safety ----------

    [Fact]
    public void Bootstrap_answering_database_is_online_means_a_previous_hook_bootstrapped_and_is_recorded_as_in_cluster()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(Status.Active("Cluster bootstrapped"), result.Output.UnitStatus);
        Assert.Equal(["prebootstrap", "bootstrapped", "joined(bootstrapper)"], h.Recorder.Names);
        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrapped-by"]);
        Assert.Empty(result.Output.Deferred);
        Assert.DoesNotContain(result.Logs, l => l.Level == LogLevel.Error);
    }

    [Fact]
    public void A_hook_that_crashes_after_bootstrapping_is_recovered_by_the_retry()
    {
        var crash = true;
        var h = new ConsumerHarness(constructed: c => c.Consumer!.Bootstrapped += _ =>
        {
            if (crash)
            {
                throw new IOException("disk full");
            }
        });
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));
        var input = h.State(leader: true).WithRelation(relation);

        var crashed = h.Run(Hook.RelationJoined(relation, 0), input);
        crash = false;
        var retried = h.Run(Hook.RelationJoined(relation, 0), input).EnsureSuccess();

        Assert.False(crashed.Succeeded);
        Assert.False(crashed.Output.StoredInCluster());
        Assert.Contains(h.Cluster.Members, m => m.Name == "node-a");
        Assert.True(retried.Output.StoredInCluster());
        Assert.Equal(Status.Active("Cluster bootstrapped"), retried.Output.UnitStatus);
        Assert.Single(h.Cluster.Members);
    }

    [Fact]
    public void Join_answering_already_initialised_is_recorded_as_in_cluster()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "tokB-used-by-the-crashed-hook")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(Status.Active("Joined cluster"), result.Output.UnitStatus);
        Assert.Equal(["prejoin", "joined"], h.Recorder.Names);
        Assert.Empty(result.Output.Deferred);
    }

    // ---------- a CLI that never returns ----------

    [Fact]
    public void A_hanging_bootstrap_blocks_and_defers()
    {
        var h = new ConsumerHarness();
        h.Cluster.Hang("bootstrap");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Status.Blocked("Unable to bootstrap cluster"), result.Output.UnitStatus);
        Assert.Single(result.Output.Deferred);
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("did not finish within", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hanging_join_blocks_and_defers()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.Hang("join");
        var relation = ConsumerRelationWith(SeedMirror(("node-b", "tokB-0123456789")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Status.Blocked("Joining cluster failed"), result.Output.UnitStatus);
        Assert.Single(result.Output.Deferred);
        Leaks.AssertNowhere(result, "tokB-0123456789");
    }

    [Fact]
    public void A_hanging_list_is_a_waiting_status()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a").Hang("list");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster());

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Status.Waiting("Cluster membership unavailable; will retry"), result.Output.UnitStatus);
        Assert.Single(result.Output.Deferred);
    }

    [Fact]
    public void A_hanging_add_publishes_nothing_and_the_next_hook_tries_again()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a").Hang("add");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-c", "empty"), ("node-d", "empty")));

        var hung = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster());
        h.Cluster.Heal();
        var healed = h.Run(Hook.RelationChanged(relation, 0), hung.Output).EnsureSuccess();

        Assert.True(hung.Succeeded, hung.StandardError);
        Assert.Equal(["list", "add", "add"], hung.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.False(hung.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-node-c"));
        Assert.Equal("up", hung.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.Contains(hung.Logs, l => l.Message.Contains("could not generate a token for node-c", StringComparison.Ordinal));
        Assert.DoesNotContain("cluster-token-generated", hung.EmittedEvents);
        Assert.NotNull(healed.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
        Assert.NotNull(healed.Output.GetRelation(1).LocalUnitData["mirror-node-d"]);
    }

    [Fact]
    public void A_hanging_remove_is_logged_and_the_hook_succeeds()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a", "node-b").Hang("remove");

        var result = h.Run(Hook.Remove, h.State().InCluster());

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("failed removing node-a", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "Cluster CLI printed unreadable member list; will retry")]
    [InlineData(false, "Cluster membership unavailable; will retry")]
    public void The_membership_status_is_cleared_once_the_cluster_answers_again(bool garbage, string waiting)
    {
        var h = new ConsumerHarness();
        var node = h.Cluster.With("node-a");
        if (garbage)
        {
            node.Prints("garbage");
        }
        else
        {
            node.Fail("list", "Error: connection refused\n");
        }

        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));
        var failed = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster() with { UnitStatus = Status.Active("Cluster bootstrapped") }).EnsureSuccess();
        h.Cluster.Heal();

        var recovered = h.Run(Hook.UpdateStatus, failed.Output).EnsureSuccess();

        Assert.Equal(Status.Waiting(waiting), failed.Output.UnitStatus);
        Assert.Equal(Status.Active(), recovered.Output.UnitStatus);
        Assert.Empty(recovered.Output.Deferred);
    }

    [Fact]
    public void A_status_the_library_did_not_set_for_the_outage_is_left_alone_when_the_cluster_answers()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.UpdateStatus, h.State().WithRelation(relation).InCluster() with { UnitStatus = Status.Blocked("set by the charm") }).EnsureSuccess();

        Assert.Empty(result.UnitStatusHistory);
        Assert.Equal(Status.Blocked("set by the charm"), result.Output.UnitStatus);
    }

    // ---------- non-zero exits, empty output, a missing program ----------

    [Fact]
    public void List_failing_with_a_non_zero_exit_is_a_waiting_status_with_the_stderr_logged()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a").Fail("list", "Error: Daemon not yet initialized\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(Status.Waiting("Cluster membership unavailable; will retry"), result.Output.UnitStatus);
        Assert.Contains(result.Logs, l => l.Message.Contains("Daemon not yet initialized", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_failures_and_an_add_that_prints_no_token_are_warnings_and_publish_nothing()
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a").Answer("add", new ProcessResult(0, "\n", ""));
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-c", "empty")));

        var empty = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();
        h.Cluster.Fail("add", "Error: Failed to create \"internal_token_records\" entry: name \"node-c\" is taken\n");
        var taken = h.Run(Hook.RelationChanged(relation, 0), empty.Output).EnsureSuccess();

        foreach (var result in new[] { empty, taken })
        {
            Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-node-c"));
            Assert.Contains(result.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("could not generate a token for node-c", StringComparison.Ordinal));
        }

        Assert.Empty(h.Recorder.Events);
    }

    [Fact]
    public void A_cluster_program_that_cannot_be_started_is_a_status_not_a_crash()
    {
        var recorder = new LibraryEventRecorder();
        var ctx = new Context(c => new TestCharm(c, new TestCharmSetup { ConsumerEndpoint = ConsumerEndpoint, Recorder = recorder }), unitName: "workload/0")
        {
            ProcessRunner = new RecordingProcessRunner(spec => throw new ProcessStartException(spec.FileName, "No such file or directory: microctl")),
        };
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var bootstrap = ctx.Run(Hook.RelationJoined(relation, 0), new Charm.Testing.State { Leader = true, HostName = "node-a" }.WithRelation(relation));
        var list = ctx.Run(Hook.RelationChanged(relation, 0), new Charm.Testing.State { HostName = "node-a" }.WithRelation(relation).InCluster());

        Assert.True(bootstrap.Succeeded, bootstrap.StandardError);
        Assert.Equal(Status.Blocked("Unable to bootstrap cluster"), bootstrap.Output.UnitStatus);
        Assert.True(list.Succeeded, list.StandardError);
        Assert.Equal(Status.Waiting("Cluster membership unavailable; will retry"), list.Output.UnitStatus);
    }

    // ---------- odd host names ----------

    [Theory]
    [InlineData("Node-A.maas.example")]
    [InlineData("juju-7f3a2b-0")]
    [InlineData("x--y.z")]
    [InlineData("NODE")]
    public void A_unit_with_an_odd_host_name_publishes_it_joins_and_removes_with_it_verbatim(string host)
    {
        var h = new ConsumerHarness(hostName: host);
        h.Cluster.With("aaa");
        var token = h.Cluster.Issue(host);
        var relation = ConsumerRelationWith(SeedMirror(("aaa", "empty"), (host, token)));

        var joined = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var removed = h.Run(Hook.Remove, joined.Output).EnsureSuccess();

        Assert.Equal(host, joined.Output.GetRelation(1).LocalUnitData["hostname"]);
        Assert.Equal(["join", token], joined.ProcessCalls[0].Arguments);
        Assert.True(joined.Output.StoredInCluster());
        Assert.Equal(["remove", host], removed.ProcessCalls[0].Arguments);
    }

    [Fact]
    public void The_communicator_issues_tokens_for_odd_host_names_verbatim()
    {
        var h = new ConsumerHarness(hostName: "Aaa");
        h.Cluster.With("Aaa");
        // microcluster takes any RFC 1123 name (upper case, dots, double hyphens) and refuses the others ("is not a valid
        // FQDN"; internal/utils/validation.go): the communicator passes each valid one verbatim and never runs `add`
        // for the others, a warning for that host only.
        var valid = new[] { "Node-A.maas.example", "x--y.z" };
        var refused = new[] { "rechner-ü-01", "x--y..z" };
        string[] hosts = [.. valid, .. refused];
        var relation = ConsumerRelationWith(SeedMirror([.. hosts.Select(x => (x, "empty"))]));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(valid.Order(StringComparer.Ordinal).Select(x => new[] { "add", x }), result.ProcessCalls.Skip(1).Select(c => c.Arguments.ToArray()));
        Assert.All(valid, x => Assert.NotNull(result.Output.GetRelation(1).LocalUnitData["mirror-" + x]));
        Assert.All(refused, x => Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-" + x)));
        Assert.All(refused, x => Assert.Contains(result.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("could not generate a token for '" + x + "'", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("-rf")]
    [InlineData("--help")]
    [InlineData("")]
    [InlineData("bad\u0001host")]
    public void A_mirrored_key_that_is_no_valid_cli_argument_is_skipped_with_a_warning_and_the_others_still_get_tokens(string name)
    {
        var h = new ConsumerHarness();
        h.Cluster.With("node-a");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), (name, "empty"), ("node-c", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster());

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal([["list", "-f", "json"], ["add", "node-c"]], result.ProcessCalls.Select(c => c.Arguments.ToArray()));
        Assert.NotNull(result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("could not generate a token", StringComparison.Ordinal));
    }

    // ---------- huge values ----------

    private static string Huge(char c) => new(c, 1024 * 1024);

    [Fact]
    public void A_one_megabyte_token_is_passed_to_join_intact_and_never_logged()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        var token = "T" + Huge('x');
        h.Cluster.Fail("join", "Error: Invalid join token " + token + "\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(token, result.ProcessCalls[0].Arguments[1]);
        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), result.Output.UnitStatus);
        Assert.All(result.Logs, l => Assert.True(l.Message.Length < 8192, "log lines stay bounded"));
        Leaks.AssertNowhere(result, token[..64]);
    }

    [Fact]
    public void A_one_megabyte_token_from_add_is_published_intact()
    {
        var h = new ConsumerHarness();
        var token = "T" + Huge('y');
        h.Cluster.With("node-a").Answer("add", new ProcessResult(0, token + "\n", ""));
        var relation = ConsumerRelationWith(SeedMirror(("node-c", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(token, result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
        Leaks.AssertNowhere(result, token[..64]);
    }

    [Fact]
    public void A_one_megabyte_value_in_the_mirror_is_corroborated_and_found()
    {
        string? found = null;
        var value = Huge('v');
        var h = new ConsumerHarness(constructed: c => found = c.Consumer!.FindValue("blob"));
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("blob", value)))
            .WithRemoteUnit(1, SeedMirror(("blob", value)))
            .WithRemoteUnit(2, SeedMirror(("blob", "other")));

        h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal(value, found);
    }

    // ---------- each CLI failure is logged once ----------

    [Theory]
    [InlineData("bootstrap", LogLevel.Error)]
    [InlineData("join", LogLevel.Error)]
    [InlineData("list", LogLevel.Error)]
    [InlineData("add", LogLevel.Warning)]
    [InlineData("remove", LogLevel.Error)]
    public void A_failing_cluster_command_is_logged_once_with_its_command_and_error_output(string subcommand, LogLevel level)
    {
        var marker = $"Error: boom during {subcommand} (marker-7f3a)";
        var token = Tokens.Shaped("node-a", 5);
        var h = new ConsumerHarness();
        h.Cluster.With("node-a", "node-b").Fail(subcommand, marker + "\n");
        var result = subcommand switch
        {
            "bootstrap" => h.Run(Hook.RelationJoined(ConsumerRelationWith(SeedMirror()), 0), h.State(leader: true).WithRelation(ConsumerRelationWith(SeedMirror()))),
            "join" => h.Run(Hook.RelationChanged(ConsumerRelationWith(SeedMirror(("node-a", token))), 0), h.State().WithRelation(ConsumerRelationWith(SeedMirror(("node-a", token))))),
            "list" => h.Run(Hook.RelationChanged(ConsumerRelationWith(SeedMirror(("node-a", "empty"))), 0), h.State().WithRelation(ConsumerRelationWith(SeedMirror(("node-a", "empty")))).InCluster()),
            "add" => h.Run(Hook.RelationChanged(ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-c", "empty"))), 0), h.State().WithRelation(ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-c", "empty")))).InCluster()),
            _ => h.Run(Hook.Remove, h.State().InCluster()),
        };

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(1, h.Cluster.Count(subcommand));
        var line = Assert.Single(result.Logs, l => l.Message.Contains("marker-7f3a", StringComparison.Ordinal));
        Assert.Equal(level, line.Level);
        Assert.Contains("Cluster command `microctl " + subcommand, line.Message, StringComparison.Ordinal);
        Leaks.AssertNowhere(result, token, Tokens.SecretOf(token));
    }
}

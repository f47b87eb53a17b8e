using System.Diagnostics;
using System.Text.Json;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

[Collection(HookToolsCollection.Name)]
public sealed class HookToolBackendTests : IDisposable
{
    private static readonly RelationId Cluster7 = new("cluster", 7);

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    [Fact]
    public void RelationIds_runs_relation_ids_and_parses_the_ids()
    {
        _tools.AddTool("relation-ids", "[\"cluster:7\",\"cluster:12\"]\n");

        var ids = _tools.CreateBackend().RelationIds("cluster");

        Assert.Equal(["cluster", "--format=json"], _tools.SingleCall("relation-ids"));
        Assert.Equal([new RelationId("cluster", 7), new RelationId("cluster", 12)], ids);
        Assert.Equal([""], _tools.Inputs("relation-ids"));
    }

    [Fact]
    public void RelationIds_with_an_empty_array_is_empty()
    {
        _tools.AddTool("relation-ids", "[]");

        Assert.Empty(_tools.CreateBackend().RelationIds("cluster"));
    }

    [Fact]
    public void RelationIds_that_are_not_relation_ids_are_an_error_naming_the_tool()
    {
        _tools.AddTool("relation-ids", "[\"cluster\"]");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().RelationIds("cluster"));

        Assert.Equal("relation-ids", e.Tool);
        Assert.Contains("cluster", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelationUnits_runs_relation_list_and_parses_the_units()
    {
        _tools.AddTool("relation-list", "[\"microovn/1\",\"microovn/2\"]\n");

        var units = _tools.CreateBackend().RelationUnits(Cluster7);

        Assert.Equal(["--format=json", "-r", "cluster:7"], _tools.SingleCall("relation-list"));
        Assert.Equal(["microovn/1", "microovn/2"], units);
    }

    [Fact]
    public void RelationRemoteApp_runs_relation_list_with_app_and_parses_the_name()
    {
        _tools.AddTool("relation-list", "\"distributor\"\n");

        var app = _tools.CreateBackend().RelationRemoteApp(Cluster7);

        Assert.Equal(["--format=json", "--app", "-r", "cluster:7"], _tools.SingleCall("relation-list"));
        Assert.Equal("distributor", app);
    }

    [Fact]
    public void RelationRemoteApp_null_is_null()
    {
        _tools.AddTool("relation-list", "null\n");

        Assert.Null(_tools.CreateBackend().RelationRemoteApp(Cluster7));
    }

    [Fact]
    public void RelationGet_for_a_unit_runs_relation_get_with_the_unit()
    {
        _tools.AddTool("relation-get", "{\"token\":\"abc\",\"ingress-address\":\"10.0.0.5\",\"uni\":\"h\u00e9 \u2713\"}\n");

        var data = _tools.CreateBackend().RelationGet(Cluster7, "microovn/1", isApp: false);

        Assert.Equal(["--format=json", "-r", "cluster:7", "-", "microovn/1"], _tools.SingleCall("relation-get"));
        Assert.Equal(3, data.Count);
        Assert.Equal("abc", data["token"]);
        Assert.Equal("10.0.0.5", data["ingress-address"]);
        Assert.Equal("h\u00e9 \u2713", data["uni"]);
    }

    [Fact]
    public void RelationGet_for_an_app_runs_relation_get_with_app()
    {
        _tools.AddTool("relation-get", "{\"leader-token\":\"xyz\"}");

        var data = _tools.CreateBackend().RelationGet(Cluster7, "distributor", isApp: true);

        Assert.Equal(["--format=json", "-r", "cluster:7", "--app", "-", "distributor"], _tools.SingleCall("relation-get"));
        Assert.Equal("xyz", Assert.Single(data).Value);
    }

    [Theory]
    [InlineData("null\n")]
    [InlineData("{}\n")]
    [InlineData("")]
    public void RelationGet_with_no_data_is_empty(string output)
    {
        _tools.AddTool("relation-get", output);

        Assert.Empty(_tools.CreateBackend().RelationGet(Cluster7, "microovn/1", isApp: false));
    }

    [Fact]
    public void RelationGet_with_a_non_string_value_is_an_error()
    {
        _tools.AddTool("relation-get", "{\"n\":3}");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().RelationGet(Cluster7, "microovn/1", isApp: false));

        Assert.Contains("'n'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelationSet_for_the_unit_writes_a_json_object_on_stdin()
    {
        _tools.AddTool("relation-set");
        var changes = new Dictionary<string, string> { ["token"] = "abc", ["gone"] = "", ["quote"] = "a \"b\" \u00e9\n" };

        _tools.CreateBackend().RelationSet(Cluster7, isApp: false, changes);

        Assert.Equal(["-r", "cluster:7", "--file", "-"], _tools.SingleCall("relation-set"));
        var written = ParseObject(Assert.Single(_tools.Inputs("relation-set")));
        Assert.Equal(changes, written);
    }

    [Fact]
    public void RelationSet_for_the_app_adds_app()
    {
        _tools.AddTool("relation-set");

        _tools.CreateBackend().RelationSet(Cluster7, isApp: true, new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal(["-r", "cluster:7", "--app", "--file", "-"], _tools.SingleCall("relation-set"));
        Assert.Equal("{\"k\":\"v\"}", Assert.Single(_tools.Inputs("relation-set")));
    }

    [Fact]
    public void RelationSet_permission_denied_is_a_PermissionDeniedException()
    {
        _tools.AddTool("relation-set", exitCode: 1, stderr: "ERROR permission denied\n");

        var e = Assert.Throws<PermissionDeniedException>(
            () => _tools.CreateBackend().RelationSet(Cluster7, isApp: true, new Dictionary<string, string> { ["k"] = "v" }));

        Assert.Equal("relation-set", e.Tool);
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("ERROR permission denied", e.StandardError, StringComparison.Ordinal);
        Assert.Contains("permission denied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelationSet_cannot_write_relation_settings_is_a_PermissionDeniedException()
    {
        // jujuc relation-set refuses a non-leader's --app write with exactly this text (ops counts it as an
        // authorisation failure, as it does "permission denied").
        _tools.AddTool("relation-set", exitCode: 1, stderr: "ERROR cannot write relation settings\n");

        var e = Assert.Throws<PermissionDeniedException>(
            () => _tools.CreateBackend().RelationSet(Cluster7, isApp: true, new Dictionary<string, string> { ["k"] = "v" }));

        Assert.Equal(1, e.ExitCode);
        Assert.Equal("ERROR cannot write relation settings\n", e.StandardError);
    }

    [Fact]
    public void Relation_not_found_is_a_RelationNotFoundException()
    {
        _tools.AddTool("relation-get", exitCode: 2, stderr: "ERROR relation not found\n");

        var e = Assert.Throws<RelationNotFoundException>(() => _tools.CreateBackend().RelationGet(Cluster7, "microovn/1", isApp: false));

        Assert.Equal("relation-get", e.Tool);
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("relation not found", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true\n", true)]
    [InlineData("false\n", false)]
    public void IsLeader_runs_is_leader(string output, bool expected)
    {
        _tools.AddTool("is-leader", output);

        Assert.Equal(expected, _tools.CreateBackend().IsLeader());
        Assert.Equal(["--format=json"], _tools.SingleCall("is-leader"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("\"true\"")]
    public void IsLeader_with_anything_but_a_json_boolean_is_an_error(string output)
    {
        _tools.AddTool("is-leader", output);

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().IsLeader());

        Assert.Equal("is-leader", e.Tool);
        Assert.Contains("is-leader", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusSet_for_the_unit_passes_name_and_message_after_double_dash()
    {
        _tools.AddTool("status-set");

        _tools.CreateBackend().StatusSet(Status.Maintenance("-- installing, 50%"), application: false);

        Assert.Equal(["--application=False", "maintenance", "--", "-- installing, 50%"], _tools.SingleCall("status-set"));
    }

    [Fact]
    public void StatusSet_for_the_application_says_True()
    {
        _tools.AddTool("status-set");

        _tools.CreateBackend().StatusSet(Status.Active(), application: true);

        Assert.Equal(["--application=True", "active", "--", ""], _tools.SingleCall("status-set"));
    }

    [Fact]
    public void StatusGet_for_the_unit_parses_status_and_message()
    {
        _tools.AddTool("status-get", "{\"message\":\"waiting for peers\",\"status\":\"blocked\",\"status-data\":{}}\n");

        var status = _tools.CreateBackend().StatusGet(application: false);

        Assert.Equal(["--include-data", "--format=json", "--application=False"], _tools.SingleCall("status-get"));
        Assert.Equal(new Status(StatusKind.Blocked, "waiting for peers"), status);
    }

    [Fact]
    public void StatusGet_for_the_application_reads_the_nested_form()
    {
        _tools.AddTool(
            "status-get",
            "{\"application-status\":{\"message\":\"ready\",\"status\":\"active\",\"status-data\":{},"
            + "\"units\":{\"app/0\":{\"message\":\"\",\"status\":\"waiting\",\"status-data\":{}}}}}\n");

        var status = _tools.CreateBackend().StatusGet(application: true);

        Assert.Equal(["--include-data", "--format=json", "--application=True"], _tools.SingleCall("status-get"));
        Assert.Equal(Status.Active("ready"), status);
    }

    [Fact]
    public void StatusGet_with_an_unknown_name_is_unknown_and_a_missing_message_is_empty()
    {
        _tools.AddTool("status-get", "{\"status\":\"terminated\"}");

        Assert.Equal(Status.Unknown, _tools.CreateBackend().StatusGet(application: false));
    }

    [Fact]
    public void StatusGet_without_a_status_is_an_error()
    {
        _tools.AddTool("status-get", "{\"message\":\"x\"}");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().StatusGet(application: false));

        Assert.Equal("status-get", e.Tool);
    }

    [Theory]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Info, "INFO")]
    [InlineData(LogLevel.Warning, "WARNING")]
    [InlineData(LogLevel.Error, "ERROR")]
    public void Log_runs_juju_log_with_the_level(LogLevel level, string name)
    {
        _tools.AddTool("juju-log");

        _tools.CreateBackend().Log(level, "-v starting \u00e9");

        Assert.Equal(["--log-level", name, "--", "-v starting \u00e9"], _tools.SingleCall("juju-log"));
    }

    [Fact]
    public void Log_failure_throws_once_and_does_not_log_again()
    {
        _tools.AddTool("juju-log", exitCode: 1, stderr: "ERROR cannot log\n");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().Log(LogLevel.Info, "hello"));

        Assert.Contains("ERROR cannot log", e.Message, StringComparison.Ordinal);
        Assert.Single(_tools.Calls("juju-log"));
    }

    [Fact]
    public void ConfigGet_parses_strings_booleans_integers_and_floats_and_skips_nulls()
    {
        _tools.AddTool(
            "config-get",
            "{\"name\":\"x\",\"debug\":true,\"off\":false,\"port\":8080,\"big\":9007199254740993,\"ratio\":0.25,\"exp\":1e3,\"unset\":null}\n");

        var config = _tools.CreateBackend().ConfigGet();

        Assert.Equal(["--format=json"], _tools.SingleCall("config-get"));
        Assert.Equal(7, config.Count);
        Assert.Equal("x", config["name"].Value);
        Assert.Equal(true, config["debug"].Value);
        Assert.Equal(false, config["off"].Value);
        Assert.Equal(8080L, config["port"].Value);
        Assert.Equal(9007199254740993L, config["big"].Value);
        Assert.Equal(0.25, config["ratio"].Value);
        Assert.Equal(1000.0, config["exp"].Value);
        Assert.False(config.ContainsKey("unset"));
    }

    [Fact]
    public void ConfigGet_with_an_array_value_is_an_error()
    {
        _tools.AddTool("config-get", "{\"list\":[1]}");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().ConfigGet());

        Assert.Contains("'list'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StateGet_parses_strings_and_null_is_empty()
    {
        _tools.AddTool("state-get", "{\"a\":\"1\",\"b\":\"two\"}\n");

        var state = _tools.CreateBackend().StateGet();

        Assert.Equal(["--format=json"], _tools.SingleCall("state-get"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "two" }, state);

        _tools.AddTool("state-get", "null\n");
        Assert.Empty(_tools.CreateBackend().StateGet());
    }

    [Fact]
    public void StateSet_writes_a_json_object_on_stdin()
    {
        _tools.AddTool("state-set");
        var values = new Dictionary<string, string> { ["z"] = "last", ["a"] = "first", ["empty"] = "" };

        _tools.CreateBackend().StateSet(values);

        Assert.Equal(["--file", "-"], _tools.SingleCall("state-set"));
        var input = Assert.Single(_tools.Inputs("state-set"));
        Assert.Equal("{\"a\":\"first\",\"empty\":\"\",\"z\":\"last\"}", input);
    }

    [Fact]
    public void StateDelete_passes_the_key()
    {
        _tools.AddTool("state-delete");

        _tools.CreateBackend().StateDelete("my-key");

        Assert.Equal(["my-key"], _tools.SingleCall("state-delete"));
    }

    [Fact]
    public void A_plain_failure_keeps_exit_code_and_stderr()
    {
        _tools.AddTool("config-get", "partial", exitCode: 3, stderr: "ERROR something odd happened\ndetails here\n");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().ConfigGet());

        Assert.IsType<HookToolException>(e);
        Assert.Equal("config-get", e.Tool);
        Assert.Equal(3, e.ExitCode);
        Assert.Equal("ERROR something odd happened\ndetails here\n", e.StandardError);
        Assert.Contains("something odd happened", e.Message, StringComparison.Ordinal);
        Assert.Contains("details here", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_that_outlives_the_timeout_is_killed_and_raises_HookToolTimeoutException()
    {
        _tools.AddTool("is-leader", "true", before: "sleep 30");
        var backend = _tools.CreateBackend(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<HookToolTimeoutException>(() => backend.IsLeader());

        clock.Stop();
        Assert.Equal("is-leader", e.Tool);
        Assert.Equal(TimeSpan.FromMilliseconds(500), e.Timeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_missing_tool_is_a_HookToolException_that_says_to_run_inside_a_hook()
    {
        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().StateDelete("k"));

        Assert.IsType<HookToolException>(e);
        Assert.Equal("state-delete", e.Tool);
        Assert.Null(e.ExitCode);
        Assert.Contains("PATH", e.Message, StringComparison.Ordinal);
        Assert.Contains("Juju hook", e.Message, StringComparison.Ordinal);
        Assert.Contains("simulator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_output_is_a_HookToolException_quoting_a_bounded_prefix()
    {
        var garbage = "this is not json " + new string('x', 5000);
        _tools.AddTool("relation-ids", garbage);

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().RelationIds("cluster"));

        Assert.Equal("relation-ids", e.Tool);
        Assert.Contains("this is not json", e.Message, StringComparison.Ordinal);
        Assert.Contains("5017 characters", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 1000, e.Message);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.True(e.ToString().Length < 5000, "the exception text is bounded too");
    }

    [Fact]
    public void Garbage_state_get_output_is_described_by_its_length_and_never_quoted()
    {
        var garbage = "this is not json " + new string('x', 5000);
        _tools.AddTool("state-get", garbage);

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().StateGet());

        Assert.Equal("state-get", e.Tool);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("5017 characters", e.Message, StringComparison.Ordinal);
        Assert.Contains("may hold secrets", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("this is not json", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xxx", e.Message, StringComparison.Ordinal);
    }

    private const string JoinToken = "eyJzZWNyZXQiOiJzM2NyM3QtdG9rZW4tdmFsdWUiLCJuYW1lIjoid29ya2xvYWQtMSJ9";

    [Fact]
    public void A_relation_get_error_describes_the_databag_and_never_quotes_a_token_in_it()
    {
        _tools.AddTool("relation-get", "{\"mirror-x\":\"" + JoinToken + "\",\"n\":3}");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().RelationGet(Cluster7, "microovn/1", isApp: false));

        Assert.DoesNotContain(JoinToken, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(JoinToken[..12], e.Message, StringComparison.Ordinal);
        Assert.Contains("the value of 'n' is a number", e.Message, StringComparison.Ordinal);
        Assert.Contains("a JSON object of 2 keys ('mirror-x', 'n')", e.Message, StringComparison.Ordinal);
        Assert.Contains("may hold secrets", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config-get", "[\"" + JoinToken + "\"]", "a JSON array of 1 items")]
    [InlineData("config-get", "\"" + JoinToken + "\"", "a JSON string")]
    [InlineData("state-get", "{\"k\":\"" + JoinToken + "\",\"bad\":\"\\ud800\"}", "a JSON object of 2 keys ('k', 'bad')")]
    [InlineData("state-get", "{\"k\":\"" + JoinToken + "\"", "not valid JSON")]
    public void Errors_about_config_and_state_output_describe_its_shape_only(string tool, string output, string shape)
    {
        _tools.AddTool(tool, output);
        var backend = _tools.CreateBackend();

        var e = Assert.Throws<HookToolException>(() => tool == "config-get" ? backend.ConfigGet() : backend.StateGet());

        Assert.Equal(tool, e.Tool);
        Assert.Contains(shape, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(JoinToken, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hook_failing_on_relation_get_output_puts_no_token_on_stderr_or_in_juju_log()
    {
        _tools.AddTool("relation-get", "{\"mirror-x\":\"" + JoinToken + "\",\"n\":3}");
        _tools.AddTool("relation-ids", "[\"cluster:7\"]");
        _tools.AddTool("relation-list", "[\"dist/0\"]");
        _tools.AddTool("juju-log");
        var stderr = new StringWriter();
        var env = Testing.Hook.RelationChanged(new Testing.RelationState("cluster", 7, "dist").WithRemoteUnit(0), 0).ToEnvironment("app/0", Path.GetTempPath());

        var code = Framework.Dispatch.Dispatcher.Run(
            DelegateCharm.With(c => c.Framework.Observe(
                Framework.Events.EventKey.RelationChanged("cluster"),
                "read",
                (Framework.Events.RelationChangedEvent e) => _ = e.Relation.RemoteUnitData(e.RemoteUnit!)["mirror-x"])),
            new Framework.Dispatch.DispatchOptions
            {
                Environment = env,
                Backend = _tools.CreateBackend(),
                StateStore = new Framework.Hosting.InMemoryStateStore(),
                Metadata = CharmMetadata.ParseYaml("name: app\nrequires:\n  cluster:\n    interface: c\n"),
                Error = stderr,
                HostName = "h",
            });

        Assert.Equal(1, code);
        Assert.Contains("relation-get printed output", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(JoinToken, stderr.ToString(), StringComparison.Ordinal);
        var logged = string.Join("\n", _tools.Calls("juju-log").Select(call => string.Join(' ', call)));
        Assert.Contains("relation-get printed output", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(JoinToken, logged, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_of_the_wrong_shape_is_a_HookToolException()
    {
        _tools.AddTool("relation-list", "{\"unit\":\"a/0\"}");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().RelationUnits(Cluster7));

        Assert.Equal("relation-list", e.Tool);
        Assert.Contains("{\"unit\":\"a/0\"}", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ParseObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = property.Value.GetString()!;
        }

        return result;
    }
}

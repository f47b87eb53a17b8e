using System.Text.Json;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.HookToolServer;

/// <summary>The hook-tool server answers command lines as a Juju agent does (ops 3.x and 2.x forms, errors and exit codes).</summary>
public sealed class HookToolCommandTests
{
    [Fact]
    public void Ops3CommandLinesGetJsonAnswers()
    {
        using var h = new ToolHarness();

        var ids = h.Call("relation-ids", "db", "--format=json");
        var units = h.Call("relation-list", "--format=json", "-r", h.Rid);
        var app = h.Call("relation-list", "--format=json", "--app", "-r", h.Rid);
        var remote = h.Call("relation-get", "--format=json", "-r", h.Rid, "-", "prov/0");
        var remoteApp = h.Call("relation-get", "--format=json", "-r", h.Rid, "--app", "-", "prov");
        var leader = h.Call("is-leader", "--format=json");

        Assert.Equal($"[\"{h.Rid}\"]\n", ids.StandardOutput);
        Assert.Equal("[\"prov/0\"]\n", units.StandardOutput);
        Assert.Equal("\"prov\"\n", app.StandardOutput);
        using var data = JsonDocument.Parse(remote.StandardOutput);
        Assert.Equal("up", data.RootElement.GetProperty("mirror").GetString());
        Assert.Equal("10.2.0.2", data.RootElement.GetProperty("ingress-address").GetString());
        Assert.Equal("{\"bootstrap-app\":\"req\"}\n", remoteApp.StandardOutput);
        Assert.Equal("false\n", leader.StandardOutput);
        Assert.All([ids, units, app, remote, remoteApp, leader], r => Assert.Equal(0, r.ExitCode));
    }

    [Fact]
    public void Ops2ArgumentOrderWithFormatLastAndYamlOnStandardInputIsAccepted()
    {
        using var h = new ToolHarness();

        var get = h.Call("relation-get", "-r", h.Rid, "-", "prov/0", "--format=json");
        var app = h.Call("relation-list", "-r", h.Rid, "--app", "--format=json");
        var set = h.CallWithInput("relation-set", "hostname: req-1\nnote: \"a: b\"\nold: \n", "-r", h.Rid, "--file", "-");
        var assign = h.Call("relation-set", "-r", h.Rid, "extra=1", "more=x=y");
        var status = h.Call("status-set", "--application=False", "maintenance", "installing");
        var log = h.Call("juju-log", "--log-level", "WARNING", "many", "words");

        Assert.Equal(0, get.ExitCode);
        Assert.Contains("\"mirror\":\"up\"", get.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("\"prov\"\n", app.StandardOutput);
        Assert.Equal((0, ""), (set.ExitCode, set.StandardError));
        Assert.Equal(0, assign.ExitCode);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(0, log.ExitCode);
        var own = h.Context.RelationGet(h.Hook.Relation!.Value, "req/1", isApp: false);
        Assert.Equal("req-1", own["hostname"]);
        Assert.Equal("a: b", own["note"]);
        Assert.Equal("1", own["extra"]);
        Assert.Equal("x=y", own["more"]);
        Assert.Equal("installing", h.Simulation.Model.GetUnit("req/1").WorkloadStatus.Message);
        Assert.Equal("many words", Assert.Single(h.Context.Logs).Message);
    }

    [Fact]
    public void JsonOnStandardInputWritesAndAnEmptyValueDeletes()
    {
        using var h = new ToolHarness();

        var set = h.CallWithInput("relation-set", "{\"hostname\": \"\", \"k\": \"v\"}", "-r", h.Rid, "--file", "-");
        var changes = h.Context.Commit();

        Assert.Equal(0, set.ExitCode);
        var change = Assert.Single(changes);
        Assert.Equal(["hostname", "k"], change.Keys);
        Assert.False(h.Relation.UnitData("req/1").ContainsKey("hostname"));
        Assert.Equal("v", h.Relation.UnitData("req/1")["k"]);
    }

    [Theory]
    [InlineData("relation-set")]
    [InlineData("state-set")]
    public void AFileNameThePathCannotHoldIsARefusalNotACrash(string tool)
    {
        // Finding S-2 of docs/reliability.md: a NUL in the --file path threw ArgumentException out of Execute.
        using var h = new ToolHarness();

        var set = tool == "relation-set" ? h.Call(tool, "-r", h.Rid, "--file", "a\0b") : h.Call(tool, "--file=a\0b");

        Assert.Equal(1, set.ExitCode);
        Assert.StartsWith($"ERROR {tool}: cannot read a", set.StandardError, StringComparison.Ordinal);
        Assert.Empty(h.Context.Commit());
    }

    [Fact]
    public void WritesAreInvisibleToOthersUntilCommitted()
    {
        using var h = new ToolHarness();

        h.Call("relation-set", "-r", h.Rid, "token=secret");

        Assert.Contains("token", h.Call("relation-get", "-r", h.Rid, "-", "req/1", "--format=json").StandardOutput, StringComparison.Ordinal);
        Assert.False(h.Relation.UnitData("req/1").ContainsKey("token"));
    }

    [Theory]
    [InlineData("relation-get", new[] { "--bogus", "-r", "db:0" }, "option provided but not defined: --bogus")]
    [InlineData("relation-get", new[] { "-r" }, "option needs an argument: -r")]
    [InlineData("relation-get", new[] { "-r", "db:0", "-", "prov/0", "extra" }, "unrecognized args: [\"extra\"]")]
    [InlineData("relation-list", new[] { "-r", "db:x" }, "invalid value \"db:x\" for option -r: invalid relation id")]
    [InlineData("relation-set", new[] { "-r", "db:0", "novalue" }, "expected \"key=value\", got \"novalue\"")]
    [InlineData("relation-set", new[] { "-r", "db:0" }, "expected \"key=value\" parameters, got nothing")]
    [InlineData("status-set", new string[0], "invalid args, require <status> [message] [data]")]
    [InlineData("status-set", new[] { "excellent", "msg" }, "invalid status \"excellent\", expected one of [maintenance blocked waiting active]")]
    [InlineData("is-leader", new[] { "--format=xml" }, "invalid value \"xml\" for option --format: unknown format \"xml\"")]
    [InlineData("is-leader", new[] { "--app=maybe" }, "option provided but not defined: --app")]
    [InlineData("juju-log", new[] { "--log-level", "INFO" }, "no message specified")]
    [InlineData("state-delete", new string[0], "no key specified")]
    // Juju's hook tools (jujuc over juju/cmd and gnuflag) exit 2 on a command line they cannot parse, with ERROR and a
    // message that says "option" (juju's jujuc tests expect "ERROR option provided but not defined: -b", exit status 2).
    public void OptionErrorsAreUsageErrorsThatSayOptionWithExitCode2(string tool, string[] arguments, string message)
    {
        using var h = new ToolHarness();

        var response = h.Call(tool, arguments);

        Assert.Equal(2, response.ExitCode);
        Assert.Equal("ERROR " + message + "\n", response.StandardError);
        Assert.Equal("", response.StandardOutput);
    }

    [Fact]
    public void AMissingUnitWithoutAHookRemoteUnitIsAUsageError()
    {
        var hook = new HookInvocation("req/1", Charm.Framework.Events.EventKey.UpdateStatus);
        using var h = new ToolHarness(hook: hook);

        var noRelation = h.Call("relation-list");
        var noUnit = h.Call("relation-get", "-r", "db:0", "-");

        Assert.Equal((2, "ERROR no relation id specified\n"), (noRelation.ExitCode, noRelation.StandardError));
        Assert.Equal((2, "ERROR no unit id specified\n"), (noUnit.ExitCode, noUnit.StandardError));
    }

    [Theory]
    [InlineData("relation-get", new[] { "--format=json", "-r", "db:99", "-", "prov/0" })]
    [InlineData("relation-list", new[] { "--format=json", "-r", "db:99" })]
    [InlineData("relation-set", new[] { "-r", "db:99", "a=b" })]
    [InlineData("relation-get", new[] { "--format=json", "-r", "other:0", "-", "prov/0" })]
    // Juju resolves -r while parsing the command line, so a relation the unit is not in is a usage error: exit 2.
    public void ARelationNotFoundViaDashRIsAUsageErrorWithExitCode2(string tool, string[] arguments)
    {
        using var h = new ToolHarness();

        var response = h.Call(tool, arguments);

        Assert.Equal(2, response.ExitCode);
        Assert.StartsWith("ERROR invalid value \"", response.StandardError, StringComparison.Ordinal);
        Assert.EndsWith("\" for option -r: relation not found\n", response.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    // Juju's relation-set refuses a non-leader's application write with "cannot write relation settings", no more.
    public void ANonLeadersApplicationWriteIsCannotWriteRelationSettings()
    {
        using var h = new ToolHarness("req/1");

        var write = h.Call("relation-set", "-r", h.Rid, "--app", "x=y");
        var read = h.Call("relation-get", "--format=json", "-r", h.Rid, "--app", "-", "req");
        var status = h.Call("status-set", "--application=True", "active", "");
        var statusRead = h.Call("status-get", "--include-data", "--format=json", "--application=True");

        Assert.Equal((1, "ERROR cannot write relation settings\n"), (write.ExitCode, write.StandardError));
        Assert.Equal((1, "ERROR permission denied\n"), (read.ExitCode, read.StandardError));
        Assert.Equal((1, "ERROR this unit is not the leader\n"), (status.ExitCode, status.StandardError));
        Assert.Equal((1, "ERROR finding application status: this unit is not the leader\n"), (statusRead.ExitCode, statusRead.StandardError));
    }

    [Fact]
    public void TheLeaderReadsAndWritesItsApplicationDatabag()
    {
        using var h = new ToolHarness("req/0");

        var read = h.Call("relation-get", "--format=json", "-r", h.Rid, "--app", "-", "req");
        var write = h.Call("relation-set", "-r", h.Rid, "--app", "--file", "-");

        Assert.Equal("{\"bootstrapped\":\"yes\"}\n", read.StandardOutput);
        Assert.Equal(0, write.ExitCode);
    }

    [Fact]
    public void RemoteUnitsOutsideTheRelationAndRemoteDatabagsCannotBeRead()
    {
        using var h = new ToolHarness();

        var stranger = h.Call("relation-get", "--format=json", "-r", h.Rid, "-", "other/0");
        var otherApp = h.Call("relation-get", "--format=json", "-r", h.Rid, "--app", "-", "other");

        Assert.Equal(
            $"ERROR cannot read settings for unit \"other/0\" in relation \"{h.Rid}\": unit \"other/0\": settings not found\n",
            stranger.StandardError);
        Assert.Equal($"ERROR application \"other\" is not in relation {h.Rid}\n", otherApp.StandardError);
    }

    [Fact]
    public void DefaultsComeFromTheHookAndSmartFormatPrintsPlainText()
    {
        using var h = new ToolHarness();

        var units = h.Call("relation-list");
        var value = h.Call("relation-get", "mirror");
        var leader = h.Call("is-leader");
        var ids = h.Call("relation-ids");
        var yaml = h.Call("relation-get", "--format=yaml", "-", "prov/0");

        Assert.Equal("prov/0\n", units.StandardOutput);
        Assert.Equal("up\n", value.StandardOutput);
        Assert.Equal("False\n", leader.StandardOutput);
        Assert.Equal(h.Rid + "\n", ids.StandardOutput);
        Assert.Contains("mirror: up\n", yaml.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("egress-subnets: 10.2.0.2/32\n", yaml.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusAndStateAndConfigRoundTrip()
    {
        using var h = new ToolHarness("req/0");

        h.Call("status-set", "--application=True", "waiting", "--", "for peers");
        var app = h.Call("status-get", "--include-data", "--format=json", "--application=True");
        h.CallWithInput("state-set", "{\"a\":\"1\"}", "--file", "-");
        h.Call("state-set", "b=2");
        h.Call("state-delete", "a");
        var state = h.Call("state-get", "--format=json");
        var missing = h.Call("state-get", "--strict", "a");
        var config = h.Call("config-get", "--format=json");

        using var status = JsonDocument.Parse(app.StandardOutput);
        Assert.Equal("waiting", status.RootElement.GetProperty("application-status").GetProperty("status").GetString());
        Assert.Equal("for peers", status.RootElement.GetProperty("application-status").GetProperty("message").GetString());
        Assert.Equal("{\"b\":\"2\"}\n", state.StandardOutput);
        Assert.Equal((1, "ERROR \"a\" not found\n"), (missing.ExitCode, missing.StandardError));
        Assert.Equal("{}\n", config.StandardOutput);
        Assert.Empty(h.Simulation.Model.GetUnit("req/0").ControllerState);
        h.Context.Commit();
        Assert.Equal("2", h.Simulation.Model.GetUnit("req/0").ControllerState["b"]);
    }

    [Fact]
    public void CallsAfterTheHookEndedAreRefused()
    {
        using var h = new ToolHarness();
        h.Context.Close();

        var response = h.Call("is-leader", "--format=json");

        Assert.Equal(1, response.ExitCode);
        Assert.Contains("has ended", response.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolCallsAreRecordedWithoutTheValuesWritten()
    {
        using var h = new ToolHarness();

        h.Call("relation-set", "-r", h.Rid, "token=secret-value");

        var call = Assert.Single(h.Context.Calls);
        Assert.Equal("relation-set", call.Tool);
        Assert.DoesNotContain("secret-value", call.Arguments, StringComparison.Ordinal);
        Assert.Contains("token=", call.Arguments, StringComparison.Ordinal);
    }
}

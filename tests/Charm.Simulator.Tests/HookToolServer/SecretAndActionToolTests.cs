using System.Text.Json;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;

namespace Charm.Simulator.Tests.HookToolServer;

/// <summary>
/// The secret and action hook tools (juju.md): command lines in, standard output, standard error and exit code out;
/// secrets live in the model with Juju's owner and grant rules, and a hook's secret changes count only if it succeeds.
/// </summary>
public sealed class SecretAndActionToolTests
{
    private static ToolResponse Call(HookContext context, string tool, params string[] arguments) => ToolHarness.CallIn(context, tool, null, arguments);

    private static Dictionary<string, string> Json(ToolResponse response)
    {
        Assert.True(response.ExitCode == 0, response.StandardError);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(response.StandardOutput)!;
    }

    /// <summary>req/0 (the leader) adds an application-owned secret and grants it to prov over the relation; committed.</summary>
    private static string AddAndGrant(ToolHarness h, string label = "cluster")
    {
        var leader = h.ContextFor("req/0");
        var add = Call(leader, "secret-add", "--label", label, "--owner", "application", "token=s3cret");
        Assert.True(add.ExitCode == 0, add.StandardError);
        var id = add.StandardOutput.TrimEnd('\n');
        var grant = Call(leader, "secret-grant", id, "--relation", h.Relation.IdFor("req").ToString());
        Assert.True(grant.ExitCode == 0, grant.StandardError);
        leader.Commit();
        return id;
    }

    [Fact]
    public void SecretAddPrintsAnIdAndTheContentIsReadFromArgumentsFilesAndBase64()
    {
        using var h = new ToolHarness();
        var file = Path.Combine(Path.GetTempPath(), $"secret-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "-----BEGIN KEY-----\nabc\n");
        try
        {
            var leader = h.ContextFor("req/0");
            var add = Call(leader, "secret-add", "--label", "creds", "user=admin", $"key#file={file}", "note#base64=aGVsbG8gd29ybGQ=");

            Assert.Equal((0, ""), (add.ExitCode, add.StandardError));
            Assert.Matches("^secret:[0-9a-v]{20}\n$", add.StandardOutput);
            var id = add.StandardOutput.TrimEnd('\n');
            var content = Json(Call(leader, "secret-get", "--format=json", id));
            Assert.Equal(new Dictionary<string, string> { ["user"] = "admin", ["key"] = "-----BEGIN KEY-----\nabc\n", ["note"] = "hello world" }, content);
            Assert.Equal(content, Json(Call(leader, "secret-get", "--format=json", "--label", "creds")));
            Assert.Equal("\"admin\"\n", Call(leader, "secret-get", "--format=json", id, "user").StandardOutput);
            Assert.Equal($"[\"{id}\"]\n", Call(leader, "secret-ids", "--format=json").StandardOutput);

            // Nothing reaches the model until the hook succeeds; the values stay out of the trace.
            Assert.Empty(h.Simulation.Model.Secrets);
            leader.Commit();
            var secret = Assert.Single(h.Simulation.Model.Secrets);
            Assert.Equal((id, "req", null, "creds", 1), (secret.Id, secret.OwnerApplication, secret.OwnerUnit, secret.Label, secret.Revision));
            var traced = Assert.Single(leader.Calls, c => c.Tool == "secret-add");
            Assert.DoesNotContain("admin", traced.Arguments, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SecretAddTakesAYamlMappingOnStandardInput()
    {
        using var h = new ToolHarness();
        var leader = h.ContextFor("req/0");

        var add = ToolHarness.CallIn(leader, "secret-add", "user: admin\npassword: \"a: b\"\n", "--file", "-", "extra=1x");

        Assert.True(add.ExitCode == 0, add.StandardError);
        var content = Json(Call(leader, "secret-get", "--format=json", add.StandardOutput.TrimEnd('\n')));
        Assert.Equal(new Dictionary<string, string> { ["user"] = "admin", ["password"] = "a: b", ["extra"] = "1x" }, content);
    }

    [Fact]
    public void AFailedHooksSecretsAreDiscarded()
    {
        using var h = new ToolHarness();
        var leader = h.ContextFor("req/0");
        Assert.Equal(0, Call(leader, "secret-add", "token=s3cret").ExitCode);

        leader.Close();

        Assert.Empty(h.Simulation.Model.Secrets);
        Assert.Equal("[]\n", Call(h.ContextFor("req/0"), "secret-ids", "--format=json").StandardOutput);
    }

    [Fact]
    public void OnlyTheLeaderAddsOrManagesApplicationSecretsButEveryUnitOfTheApplicationReadsThem()
    {
        using var h = new ToolHarness();
        var id = AddAndGrant(h);
        var follower = h.ContextFor("req/1");

        var add = Call(follower, "secret-add", "token=x");
        var own = Call(follower, "secret-add", "--owner", "unit", "--label", "mine", "token=y");
        var read = Json(Call(follower, "secret-get", "--format=json", id));
        var remove = Call(follower, "secret-remove", id);
        var grant = Call(follower, "secret-grant", id, "-r", h.Rid);

        Assert.Equal(1, add.ExitCode);
        Assert.StartsWith("ERROR permission denied", add.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, own.ExitCode);
        Assert.Equal("s3cret", read["token"]);
        Assert.Equal(1, remove.ExitCode);
        Assert.Contains("permission denied", remove.StandardError, StringComparison.Ordinal);
        Assert.Contains("permission denied", grant.StandardError, StringComparison.Ordinal);
        follower.Commit();
        var unitSecret = Assert.Single(h.Simulation.Model.Secrets, s => s.OwnerUnit is not null);
        Assert.Equal(("req/1", "mine"), (unitSecret.OwnerUnit, unitSecret.Label));

        // A unit-owned secret belongs to that unit only: the leader neither reads nor lists it.
        var leader = h.ContextFor("req/0");
        Assert.Contains("permission denied", Call(leader, "secret-get", unitSecret.Id).StandardError, StringComparison.Ordinal);
        Assert.Equal($"[\"{id}\"]\n", Call(leader, "secret-ids", "--format=json").StandardOutput);
    }

    [Fact]
    public void AGrantedApplicationReadsTheSecretUnderItsOwnLabelUntilTheGrantIsRevoked()
    {
        using var h = new ToolHarness();
        var id = AddAndGrant(h);
        var ungranted = h.ContextFor("req/0");
        var other = Call(ungranted, "secret-add", "--label", "private", "token=hidden").StandardOutput.TrimEnd('\n');
        ungranted.Commit();

        var consumer = h.ContextFor("prov/0");
        var byId = Json(Call(consumer, "secret-get", "--format=json", id, "--label", "their-token"));
        var byLabel = Json(Call(consumer, "secret-get", "--format=json", "--label", "their-token", "--refresh"));
        var denied = Call(consumer, "secret-get", "--format=json", other);
        var missing = Call(consumer, "secret-get", "--format=json", "secret:00000000000000000000");
        var ownerLabel = Call(consumer, "secret-get", "--format=json", "--label", "cluster");
        consumer.Commit();

        Assert.Equal("s3cret", byId["token"]);
        Assert.Equal("s3cret", byLabel["token"]);
        Assert.Equal((1, "ERROR permission denied"), (denied.ExitCode, denied.StandardError[..23]));
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("ERROR secret \"secret:00000000000000000000\" not found\n", missing.StandardError);
        Assert.Contains("not found", ownerLabel.StandardError, StringComparison.Ordinal);
        Assert.Equal("their-token", h.Simulation.Model.Secrets.Single(s => s.Id == id).ConsumerLabels["prov/0"]);

        var leader = h.ContextFor("req/0");
        Assert.Equal(0, Call(leader, "secret-revoke", id, "--relation", h.Relation.IdFor("req").ToString()).ExitCode);
        leader.Commit();

        var revoked = Call(h.ContextFor("prov/0"), "secret-get", "--format=json", "--label", "their-token");
        Assert.Equal(1, revoked.ExitCode);
        Assert.Empty(h.Simulation.Model.Secrets.Single(s => s.Id == id).Grants);
    }

    [Fact]
    public void AGrantToOneUnitLetsOnlyThatUnitReadAndAGrantLapsesWithItsRelation()
    {
        using var h = new ToolHarness();
        var leader = h.ContextFor("req/0");
        var id = Call(leader, "secret-add", "token=t").StandardOutput.TrimEnd('\n');
        var rid = h.Relation.IdFor("req").ToString();
        var wrongUnit = Call(leader, "secret-grant", id, "-r", rid, "--unit", "req/1");
        var unit = Call(leader, "secret-grant", id, "-r", rid, "--unit", "prov/0");
        leader.Commit();

        Assert.Equal(1, wrongUnit.ExitCode);
        Assert.Contains("not a unit of prov", wrongUnit.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, unit.ExitCode);
        Assert.Equal("t", Json(Call(h.ContextFor("prov/0"), "secret-get", "--format=json", id))["token"]);

        h.Simulation.RemoveRelation(h.Relation.Number);
        h.Simulation.RunUntilQuiescent();

        Assert.Contains("permission denied", Call(h.ContextFor("prov/0"), "secret-get", id).StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretRemoveDeletesTheSecretForEveryone()
    {
        using var h = new ToolHarness();
        var id = AddAndGrant(h);
        var leader = h.ContextFor("req/0");

        var wrongRevision = Call(leader, "secret-remove", id, "--revision", "2");
        var remove = Call(leader, "secret-remove", id);
        var after = Call(leader, "secret-get", id);
        leader.Commit();

        Assert.Equal(1, wrongRevision.ExitCode);
        Assert.Contains("revision 2", wrongRevision.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("not found", after.StandardError, StringComparison.Ordinal);
        Assert.Empty(h.Simulation.Model.Secrets);
        Assert.Contains("not found", Call(h.ContextFor("prov/0"), "secret-get", id).StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret-add")]
    [InlineData("secret-add", "--owner", "machine", "token=x")]
    [InlineData("secret-add", "Bad_Key=x")]
    [InlineData("secret-add", "ab=x")]
    [InlineData("secret-add", "novalue")]
    [InlineData("secret-get")]
    [InlineData("secret-get", "secret:abc", "--refresh", "--peek")]
    [InlineData("secret-grant", "secret:abc")]
    [InlineData("secret-grant", "-r", "db:0")]
    [InlineData("secret-revoke", "secret:abc")]
    [InlineData("secret-remove", "secret:abc", "--revision", "x")]
    [InlineData("secret-ids", "extra")]
    [InlineData("action-set")]
    [InlineData("action-set", "novalue")]
    [InlineData("action-log")]
    [InlineData("action-fail", "one", "two")]
    public void CommandLinesTheToolsCannotParseExitTwo(string tool, params string[] arguments)
    {
        using var h = new ToolHarness();

        var response = Call(h.ContextFor("req/0"), tool, arguments);

        Assert.Equal(2, response.ExitCode);
        Assert.StartsWith("ERROR ", response.StandardError, StringComparison.Ordinal);
        Assert.Equal("", response.StandardOutput);
    }

    [Theory]
    [InlineData("action-get", "--format=json")]
    [InlineData("action-set", "a=1")]
    [InlineData("action-fail", "no")]
    [InlineData("action-log", "hello")]
    public void ActionToolsAreRefusedOutsideAnAction(string tool, params string[] arguments)
    {
        using var h = new ToolHarness();

        var response = h.Call(tool, arguments);

        Assert.Equal(1, response.ExitCode);
        Assert.StartsWith("ERROR not running an action", response.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void InAnActionTheToolsReadTheParametersAndCollectResultsFailureAndLog()
    {
        using var h = new ToolHarness();
        var parameters = new Dictionary<string, object?>
        {
            ["who"] = "world",
            ["count"] = 3L,
            ["options"] = new Dictionary<string, object?> { ["loud"] = true },
        };
        var action = new ActionState("greet", "7", parameters);
        var context = h.ContextFor("req/1", action);

        var all = Call(context, "action-get", "--format=json");
        var one = Call(context, "action-get", "options.loud", "--format=json");
        var plain = Call(context, "action-get", "who");
        var absent = Call(context, "action-get", "--format=json", "nothing");
        var set = Call(context, "action-set", "greeting=hello world", "detail.count=3", "detail.who=world");
        var badKey = Call(context, "action-set", "Bad=1");
        var reserved = Call(context, "action-set", "stdout=x");
        var log = Call(context, "action-log", "--", "greeting", "sent");
        var fail = Call(context, "action-fail", "--", "too loud");

        Assert.Equal("{\"count\":3,\"options\":{\"loud\":true},\"who\":\"world\"}\n", all.StandardOutput);
        Assert.Equal("true\n", one.StandardOutput);
        Assert.Equal("world\n", plain.StandardOutput);
        Assert.Equal("null\n", absent.StandardOutput);
        Assert.Equal(0, set.ExitCode);
        Assert.Equal(1, badKey.ExitCode);
        Assert.Contains("lowercase alphanumeric", badKey.StandardError, StringComparison.Ordinal);
        Assert.Equal("ERROR cannot set reserved action key \"stdout\"\n", reserved.StandardError);
        Assert.Equal(0, log.ExitCode);
        Assert.Equal(0, fail.ExitCode);
        Assert.Equal("hello world", action.Results["greeting"]);
        var detail = Assert.IsType<SortedDictionary<string, object?>>(action.Results["detail"]);
        Assert.Equal(["count", "who"], detail.Keys);
        Assert.Equal("3", detail["count"]);
        Assert.Equal(["greeting sent"], action.Log);
        Assert.True(action.Failed);
        Assert.Equal("too loud", action.Message);
    }

    [Fact]
    public void ActionFailWithoutAMessageRecordsJujusDefault()
    {
        using var h = new ToolHarness();
        var action = new ActionState("greet", "1", new Dictionary<string, object?>());

        Assert.Equal(0, Call(h.ContextFor("req/0", action), "action-fail").ExitCode);

        Assert.True(action.Failed);
        Assert.Equal(HookToolCommands.DefaultActionFailure, action.Message);
    }
}

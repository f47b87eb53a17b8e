using System.Text;
using Charm.Framework.Events;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.HookToolServer;

/// <summary>Points where the simulated agent now answers as Juju's (each named after the difference it closed).</summary>
public sealed class JujuToolRulesTests
{
    [Theory]
    // gnuflag reads "-format=json" as -f followed by "ormat=json"; no tool here has -f.
    [InlineData("is-leader", new[] { "-format=json" }, "option provided but not defined: -f")]
    [InlineData("relation-ids", new[] { "-format=json", "db" }, "option provided but not defined: -f")]
    public void ALongOptionAfterOneDashIsRefused(string tool, string[] arguments, string message)
    {
        using var h = new ToolHarness();

        var response = h.Call(tool, arguments);

        Assert.Equal((2, "ERROR " + message + "\n"), (response.ExitCode, response.StandardError));
    }

    [Fact]
    public void OneLetterOptionsStillTakeTheirValueAttachedOrNext()
    {
        using var h = new ToolHarness();

        // -r takes the rest of the word as its value, as gnuflag does: "-relation=db:0" names relation "elation=db:0".
        var glued = h.Call("relation-list", "-relation=db:0");
        Assert.Equal(2, glued.ExitCode);
        Assert.StartsWith("ERROR invalid value \"elation=db:0\" for option -r:", glued.StandardError, StringComparison.Ordinal);

        Assert.Equal(0, h.Call("relation-list", "--format=json", "-rdb:0").ExitCode);
        Assert.Equal(0, h.Call("relation-list", "--format=json", "-r", "db:0").ExitCode);
    }

    [Fact]
    public void RelationIdsDuringRelationBrokenListTheBrokenRelation()
    {
        // Juju: the relation is dying, not dead, while relation-broken runs, and relation-ids still reports it.
        using var probe = new ToolHarness();
        var id = probe.Relation.IdFor("req");
        using var h = new ToolHarness("req/1", new HookInvocation("req/1", EventKey.RelationBroken(id.Endpoint), id, "prov"));

        var response = h.Call("relation-ids", "--format=json", "db");

        Assert.Equal((0, $"[\"{id}\"]\n"), (response.ExitCode, response.StandardOutput));
    }

    [Theory]
    [InlineData(256, 1, 0, "")]
    [InlineData(257, 1, 1, "ERROR max allowed key length (256): quota limit exceeded\n")]
    [InlineData(8, 65536, 0, "")]
    [InlineData(8, 65537, 1, "ERROR max allowed value length (65536): quota limit exceeded\n")]
    // juju/juju core quota: MaxCharmStateKeySize = 256, MaxCharmStateValueSize = 64 * 1024, lengths in bytes (Go's len).
    public void StateSetRefusesKeysOver256BytesAndValuesOver64KiB(int keyBytes, int valueBytes, int exitCode, string error)
    {
        using var h = new ToolHarness();

        var response = h.Call("state-set", new string('k', keyBytes) + "=" + new string('v', valueBytes));

        Assert.Equal((exitCode, error), (response.ExitCode, response.StandardError));
    }

    [Fact]
    public void StateSetQuotasCountUtf8Bytes()
    {
        using var h = new ToolHarness();
        var key = string.Concat(Enumerable.Repeat("\u00e9", 129)); // 258 bytes, 129 characters

        Assert.Equal(258, Encoding.UTF8.GetByteCount(key));
        Assert.Equal(1, h.Call("state-set", key + "=v").ExitCode);
    }

    [Theory]
    [InlineData("{\"k\":\"\\uD83D\\uDE00\"}")]
    [InlineData("k: \"x \\uD83D\\uDE00 y\"")]
    [InlineData("k: \"\\U0000D83D\"")]
    // go-yaml refuses an escape of a UTF-16 surrogate in a double-quoted scalar ("found invalid Unicode character escape code").
    public void SettingsWithASurrogateEscapeAreRefusedAsGoYamlRefusesThem(string input)
    {
        using var h = new ToolHarness();

        var set = h.CallWithInput("relation-set", input, "-r", h.Rid, "--file", "-");
        var state = h.CallWithInput("state-set", input, "--file", "-");

        Assert.Equal(1, set.ExitCode);
        Assert.Contains("found invalid Unicode character escape code", set.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, state.ExitCode);
    }

    [Theory]
    [InlineData("{\"k\":\"\U0001F600\"}")]
    [InlineData("k: \"\\U0001F600\"")]
    [InlineData("k: '\\uD83D\\uDE00'")]
    [InlineData("{\"k\":\"\\\\uD83D\"}")]
    public void SettingsGoYamlAcceptsAreAccepted(string input)
    {
        using var h = new ToolHarness();

        var set = h.CallWithInput("relation-set", input, "-r", h.Rid, "--file", "-");

        Assert.Equal((0, ""), (set.ExitCode, set.StandardError));
    }
}

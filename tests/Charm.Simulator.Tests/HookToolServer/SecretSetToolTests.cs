using System.Text.Json;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;

namespace Charm.Simulator.Tests.HookToolServer;

/// <summary>
/// <c>secret-set</c> and <c>secret-info-get</c> as the hook-tool server answers them, checked against juju/juju's jujuc
/// (internal/worker/uniter/runner/jujuc/secret-set.go, secret-add.go's shared options, secret-info-get.go) and the hook
/// context's secret rules (internal/worker/uniter/runner/context/context.go: UpdateSecret, SecretMetadata).
/// </summary>
public sealed class SecretSetToolTests
{
    private static ToolResponse Call(HookContext context, string tool, params string[] arguments) => ToolHarness.CallIn(context, tool, null, arguments);

    private static string Ok(ToolResponse response)
    {
        Assert.True(response.ExitCode == 0, response.StandardError);
        return response.StandardOutput;
    }

    /// <summary>req/0 (the leader) adds an application secret granted to prov; committed.</summary>
    private static string Granted(ToolHarness h)
    {
        var leader = h.ContextFor("req/0");
        var id = Ok(Call(leader, "secret-add", "--label", "cluster", "token=one")).TrimEnd('\n');
        Ok(Call(leader, "secret-grant", id, "--relation", h.Relation.IdFor("req").ToString()));
        leader.Commit();
        return id;
    }

    private static JsonElement Info(ToolResponse response, string id)
    {
        using var json = JsonDocument.Parse(Ok(response));
        var entry = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal(HookContext.BareSecretId(id), entry.Name);
        return entry.Value.Clone();
    }

    [Fact]
    public void SecretSetMakesANewRevisionThatAConsumerReadsOnlyAfterRefreshingAndAPeekShowsWithoutTracking()
    {
        using var h = new ToolHarness();
        var id = Granted(h);
        var consumer = h.ContextFor("prov/0");
        Assert.Equal("one\n", Ok(Call(consumer, "secret-get", id, "token")));
        consumer.Commit();

        var leader = h.ContextFor("req/0");
        Ok(Call(leader, "secret-set", id, "token=two"));
        Assert.Equal("two\n", Ok(Call(leader, "secret-get", id, "token")));
        leader.Commit();
        Assert.Equal(2, Assert.Single(h.Simulation.Model.Secrets).Revision);

        var reader = h.ContextFor("prov/0");
        Assert.Equal("one\n", Ok(Call(reader, "secret-get", id, "token")));
        Assert.Equal("two\n", Ok(Call(reader, "secret-get", id, "token", "--peek")));
        Assert.Equal("one\n", Ok(Call(reader, "secret-get", id, "token")));
        Assert.Equal("two\n", Ok(Call(reader, "secret-get", id, "token", "--refresh")));
        Assert.Equal("two\n", Ok(Call(reader, "secret-get", id, "token")));
    }

    [Fact]
    public void SecretSetWithTheSameContentOrOnlyMetadataKeepsTheRevision()
    {
        // context.go UpdateSecret sends a new value only when its checksum differs from the latest revision's.
        using var h = new ToolHarness();
        var id = Granted(h);
        var leader = h.ContextFor("req/0");
        Ok(Call(leader, "secret-set", id, "token=one"));
        Ok(Call(leader, "secret-set", "--label", "renamed", "--description", "the cluster token", id));
        var info = Info(Call(leader, "secret-info-get", "--format=json", id), id);
        Assert.Equal((1, "renamed", "application", "the cluster token"), (info.GetProperty("revision").GetInt32(), info.GetProperty("label").GetString(), info.GetProperty("owner").GetString(), info.GetProperty("description").GetString()));
        Assert.False(info.TryGetProperty("rotation", out _));
        Assert.False(info.TryGetProperty("expiry", out _));
    }

    [Fact]
    public void OnlyTheOwnerSetsASecretAndSeesItsInfo()
    {
        // UpdateSecret: an application secret is set by the leader only; secret-info-get knows only the unit's own secrets.
        using var h = new ToolHarness();
        var id = Granted(h);
        var follower = Call(h.ContextFor("req/1"), "secret-set", id, "token=x");
        Assert.Equal(1, follower.ExitCode);
        Assert.StartsWith("ERROR permission denied", follower.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, Call(h.ContextFor("prov/0"), "secret-set", id, "token=x").ExitCode);

        var notFound = Call(h.ContextFor("prov/0"), "secret-info-get", id);
        Assert.Equal((1, $"ERROR secret \"{HookContext.BareSecretId(id)}\" not found\n"), (notFound.ExitCode, notFound.StandardError));
        Assert.Equal("ERROR secret \"nope\" not found\n", Call(h.ContextFor("req/0"), "secret-info-get", "--label", "nope").StandardError);
        Assert.Equal(0, Call(h.ContextFor("req/0"), "secret-info-get", "--label", "cluster").ExitCode);
    }

    [Theory]
    [InlineData(new[] { "secret-info-get" }, "ERROR require either a secret URI or label\n")]
    [InlineData(new[] { "secret-info-get", "secret:cvq2vm3jmbb2bqgsqc5g", "--label", "x" }, "ERROR specify either a secret URI or label but not both\n")]
    [InlineData(new[] { "secret-info-get", "bogus" }, "ERROR secret URI \"bogus\" not valid\n")]
    [InlineData(new[] { "secret-info-get", "--format=smart", "--label", "x" }, "ERROR invalid value \"smart\" for option --format: unknown format \"smart\"\n")]
    [InlineData(new[] { "secret-set" }, "ERROR missing secret URI\n")]
    [InlineData(new[] { "secret-add", "--rotate", "fortnightly", "a-key=v" }, "ERROR rotate policy \"fortnightly\" not valid\n")]
    [InlineData(new[] { "secret-add", "--expire", "soon", "a-key=v" }, "ERROR expire time or duration \"soon\" not valid\n")]
    [InlineData(new[] { "secret-add", "--expire", "-1h", "a-key=v" }, "ERROR negative expire duration \"-1h\" not valid\n")]
    [InlineData(new[] { "secret-add", "--owner", "model", "a-key=v" }, "ERROR secret owner \"model\" not valid\n")]
    [InlineData(new[] { "secret-add", "--expire", "9999999999999h", "a-key=v" }, "ERROR expire time or duration \"9999999999999h\" not valid\n")]
    public void BadCommandLinesAreUsageErrorsWithJujucsTexts(string[] command, string error)
    {
        // secret-info-get.go and secret-add.go's Init: errors.New / errors.NotValidf texts, exit 2.
        using var h = new ToolHarness();
        var refused = Call(h.ContextFor("req/0"), command[0], command[1..]);
        Assert.Equal((2, error), (refused.ExitCode, refused.StandardError));
    }

    [Fact]
    public void ExpireAndRotateShowInSecretInfoGetAsGoWritesTimes()
    {
        // secret-add.go: --expire is an RFC 3339 time, one without a zone, or a duration from now; secret-info-get.go prints
        // "expiry" and "rotates" (RotatePolicy.NextRotateTime: daily is one day on) as Go's JSON writes a time.
        using var h = new ToolHarness();
        var leader = h.ContextFor("req/0");
        var now = h.Simulation.Clock.Now;
        var byDuration = Ok(Call(leader, "secret-add", "--expire", "1h30m", "--rotate", "daily", "token=a")).TrimEnd('\n');
        var info = Info(Call(leader, "secret-info-get", "--format=json", byDuration), byDuration);
        Assert.Equal(now.AddMinutes(90).UtcDateTime, DateTimeOffset.Parse(info.GetProperty("expiry").GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        Assert.Equal(now.AddDays(1).UtcDateTime, DateTimeOffset.Parse(info.GetProperty("rotates").GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        Assert.Equal("daily", info.GetProperty("rotation").GetString());

        var byTime = Ok(Call(leader, "secret-add", "--expire", "2030-01-02T03:04:05", "token=b")).TrimEnd('\n');
        Assert.Equal("2030-01-02T03:04:05Z", Info(Call(leader, "secret-info-get", "--format=json", byTime), byTime).GetProperty("expiry").GetString());
        Ok(Call(leader, "secret-set", byTime, "--expire", "2031-06-01T00:00:00.5+02:00"));
        Assert.Equal("2031-05-31T22:00:00.5Z", Info(Call(leader, "secret-info-get", "--format=json", byTime), byTime).GetProperty("expiry").GetString());
    }
}

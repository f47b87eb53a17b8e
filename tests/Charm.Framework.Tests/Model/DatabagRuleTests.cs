using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Model;

using State = Charm.Testing.State;

/// <summary>One test per row of the databag table in juju.md, run through the harness so the in-memory agent enforces it too.</summary>
public sealed class DatabagRuleTests
{
    private static readonly RelationState Cluster = new RelationState("cluster", 7, "dist")
        .WithRemoteUnit(0, new Dictionary<string, string> { ["mirror"] = "up" })
        .WithRemoteAppData(new Dictionary<string, string> { ["bootstrap-app"] = "app" })
        .WithLocalAppData(new Dictionary<string, string> { ["bootstrapped"] = "yes" });

    private static RunResult RunOnChanged(bool leader, Action<RelationChangedEvent> body, CharmMetadata? metadata = null, RelationState? relation = null)
    {
        relation ??= Cluster;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged(relation.Endpoint), "t", body)), metadata);
        return ctx.Run(Hook.RelationChanged(relation, 0), new State { Leader = leader }.WithRelation(relation));
    }

    [Fact]
    public void OwnUnitDatabagIsReadableAndWritable()
    {
        string? seen = null;
        var result = RunOnChanged(leader: false, e =>
        {
            e.Relation.LocalUnitData["hostname"] = "node-1";
            seen = e.Relation.LocalUnitData["hostname"];
        }).EnsureSuccess();

        Assert.Equal("node-1", seen);
        Assert.Equal("node-1", result.Output.GetRelation(7).LocalUnitData["hostname"]);
    }

    [Fact]
    public void RemoteUnitDatabagIsReadable()
    {
        string? seen = null;
        RunOnChanged(leader: false, e => seen = e.Relation.RemoteUnitData("dist/0")["mirror"]).EnsureSuccess();
        Assert.Equal("up", seen);
    }

    [Fact]
    public void WritingARemoteUnitDatabagIsRefused()
    {
        var result = RunOnChanged(leader: true, e => e.Relation.RemoteUnitData("dist/0")["mirror"] = "down");

        var error = Assert.IsType<RelationDataAccessException>(result.Error);
        Assert.Equal(DatabagRule.RemoteUnitIsReadOnly, error.Rule);
        Assert.Contains("dist/0", error.Message, StringComparison.Ordinal);
        Assert.Equal("up", result.Output.GetRelation(7).RemoteUnitsData[0]["mirror"]);
    }

    [Fact]
    public void RemoteAppDatabagIsReadableButNotWritable()
    {
        string? seen = null;
        var result = RunOnChanged(leader: true, e =>
        {
            seen = e.Relation.RemoteAppData!["bootstrap-app"];
            e.Relation.RemoteAppData["bootstrap-app"] = "other";
        });

        Assert.Equal("app", seen);
        Assert.Equal(DatabagRule.RemoteAppIsReadOnly, Assert.IsType<RelationDataAccessException>(result.Error).Rule);
    }

    [Fact]
    public void LeaderReadsAndWritesOwnAppDatabag()
    {
        string? seen = null;
        var result = RunOnChanged(leader: true, e =>
        {
            seen = e.Relation.LocalAppData["bootstrapped"];
            e.Relation.LocalAppData["bootstrapped-by"] = "app/0";
        }).EnsureSuccess();

        Assert.Equal("yes", seen);
        Assert.Equal("app/0", result.Output.GetRelation(7).LocalAppData["bootstrapped-by"]);
        var set = Assert.Single(result.RelationSets);
        Assert.Equal("-r cluster:7 --app", set.Arguments);
    }

    [Fact]
    public void NonLeaderCannotReadOwnAppDatabag()
    {
        var result = RunOnChanged(leader: false, e => _ = e.Relation.LocalAppData["bootstrapped"]);
        Assert.Equal(DatabagRule.LocalAppReadRequiresLeadership, Assert.IsType<RelationDataAccessException>(result.Error).Rule);
    }

    [Fact]
    public void NonLeaderCannotWriteOwnAppDatabag()
    {
        var result = RunOnChanged(leader: false, e => e.Relation.LocalAppData["x"] = "1");
        Assert.Equal(DatabagRule.LocalAppWriteRequiresLeadership, Assert.IsType<RelationDataAccessException>(result.Error).Rule);
        Assert.Empty(result.RelationSets);
    }

    [Fact]
    public void NonLeaderReadsOwnAppDatabagOnAPeerRelation()
    {
        var peers = new RelationState("peers", 3, "app") { IsPeer = true }
            .WithLocalAppData(new Dictionary<string, string> { ["k"] = "v" })
            .WithRemoteUnit(1);
        var metadata = new CharmMetadata([new EndpointSpec("peers", EndpointRole.Peers, "app-peers")]);
        string? seen = null;
        RunOnChanged(leader: false, e => seen = e.Relation.LocalAppData["k"], metadata, peers).EnsureSuccess();
        Assert.Equal("v", seen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a=b")]
    public void InvalidKeysAreRefused(string key)
    {
        var result = RunOnChanged(leader: false, e => e.Relation.LocalUnitData[key] = "v");
        Assert.Equal(DatabagRule.InvalidKeyOrValue, Assert.IsType<RelationDataAccessException>(result.Error).Rule);
    }
}

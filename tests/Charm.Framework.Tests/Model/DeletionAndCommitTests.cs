using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Model;

using State = Charm.Testing.State;

public sealed class DeletionAndCommitTests
{
    private static readonly RelationState Cluster = new RelationState("cluster", 7, "dist")
        .WithRemoteUnit(0)
        .WithLocalUnitData(new Dictionary<string, string> { ["hostname"] = "node-0", ["mirror"] = "up", ["mirror-node-1"] = "tok" });

    private static RunResult Run(Action<RelationChangedEvent> body, bool leader = false)
        => new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "t", body)))
            .Run(Hook.RelationChanged(Cluster, 0), new State { Leader = leader }.WithRelation(Cluster));

    [Fact]
    public void EmptyStringDeletesAKeyAndIsSentAsEmpty()
    {
        var result = Run(e => e.Relation.LocalUnitData["mirror"] = "").EnsureSuccess();

        Assert.False(result.Output.GetRelation(7).LocalUnitData.ContainsKey("mirror"));
        var set = Assert.Single(result.RelationSets);
        Assert.Equal("", set.Data!["mirror"]);
    }

    [Fact]
    public void NullAndRemoveDeleteToo()
    {
        var result = Run(e =>
        {
            e.Relation.LocalUnitData["mirror"] = null;
            e.Relation.LocalUnitData.Remove("mirror-node-1");
            Assert.False(e.Relation.LocalUnitData.ContainsKey("mirror"));
            Assert.Null(e.Relation.LocalUnitData["mirror-node-1"]);
            Assert.Equal(["egress-subnets", "hostname", "ingress-address", "private-address"], e.Relation.LocalUnitData.Keys.Order(StringComparer.Ordinal));
        }).EnsureSuccess();

        // The address keys are the agent's, answered by relation-get; the output state holds what the charm wrote.
        Assert.Equal(["hostname"], result.Output.GetRelation(7).LocalUnitData.Keys);
    }

    [Fact]
    public void DeletingAMissingKeyOrRewritingTheSameValueSendsNothing()
    {
        var result = Run(e =>
        {
            Assert.Equal(3 + AgentKeys.Length, e.Relation.LocalUnitData.Count);
            e.Relation.LocalUnitData.Remove("never-set");
            e.Relation.LocalUnitData["hostname"] = "node-0";
        }).EnsureSuccess();

        Assert.Empty(result.RelationSets);
    }

    [Fact]
    public void EachChangedDatabagIsWrittenWithOneRelationSetAtCommit()
    {
        var result = Run(
            e =>
            {
                e.Relation.LocalUnitData["a"] = "1";
                e.Relation.LocalUnitData["b"] = "2";
                e.Relation.LocalUnitData["a"] = "3";
                e.Relation.LocalAppData["c"] = "4";
            },
            leader: true).EnsureSuccess();

        Assert.Equal(2, result.RelationSets.Count);
        Assert.Equal("-r cluster:7", result.RelationSets[0].Arguments);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3", ["b"] = "2" }, result.RelationSets[0].Data);
        Assert.Equal("-r cluster:7 --app", result.RelationSets[1].Arguments);

        // Buffered until the handler is done: every relation-set comes after every read.
        var calls = result.BackendCalls.ToList();
        Assert.True(calls.FindIndex(c => c.Tool == "relation-set") > calls.FindLastIndex(c => c.Tool == "relation-get"));
    }

    [Fact]
    public void AFailingHookCommitsNothing()
    {
        var input = new State().WithRelation(Cluster).WithStored("t", new Dictionary<string, Framework.State.StoredValue> { ["n"] = 1L });
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "t", (RelationChangedEvent e) =>
        {
            c.Framework.GetStoredState("t").Set("n", 2L);
            e.Relation.LocalUnitData["hostname"] = "changed";
            e.Defer();
            throw new InvalidOperationException("boom");
        })));

        var result = ctx.Run(Hook.RelationChanged(Cluster, 0), input);

        Assert.False(result.Succeeded);
        Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Empty(result.RelationSets);
        Assert.True(input.Relations.SequenceEqual(result.Output.Relations));
        Assert.Equal("node-0", result.Output.GetRelation(7).LocalUnitData["hostname"]);
        Assert.Equal(input.Stored, result.Output.Stored);
        Assert.Empty(result.Output.Deferred);
        Assert.Equal(StatusKind.Error, result.Output.UnitStatus.Kind);
        Assert.Contains("boom", result.StandardError, StringComparison.Ordinal);
    }

    private static readonly string[] AgentKeys = ["egress-subnets", "ingress-address", "private-address"];

    [Fact]
    public void ReadsSeeTheHooksOwnWrites()
    {
        Run(e =>
        {
            e.Relation.LocalUnitData["new"] = "v";
            Assert.Equal("v", e.Relation.LocalUnitData["new"]);
            Assert.Contains("new", e.Relation.LocalUnitData.Keys);
            Assert.Equal(4 + AgentKeys.Length, e.Relation.LocalUnitData.Count);
        }).EnsureSuccess();
    }
}

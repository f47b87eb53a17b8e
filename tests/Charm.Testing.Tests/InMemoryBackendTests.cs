using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>
/// The in-memory agent refuses and answers as the Juju agent does (the databag table and the error texts of juju.md):
/// also when a charm bypasses the framework's own checks, since a test must not pass on what the agent would refuse.
/// </summary>
public sealed class InMemoryBackendTests
{
    private static readonly RelationState Cluster = new RelationState("cluster", 7, "dist")
        .WithRemoteUnit(0, new Dictionary<string, string> { ["mirror"] = "up" })
        .WithLocalAppData(new Dictionary<string, string> { ["bootstrapped"] = "yes" });

    [Fact]
    public void TheInMemoryAgentRefusesANonLeaderAppWriteEvenWhenTheFrameworkIsBypassed()
    {
        var backend = new InMemoryBackend("app/0", new State().WithRelation(Cluster));
        var error = Assert.Throws<PermissionDeniedException>(
            () => backend.RelationSet(Cluster.RelationId, isApp: true, new Dictionary<string, string> { ["k"] = "v" }));
        // jujuc relation-set: a non-leader's application write is "cannot write relation settings", no more.
        Assert.Equal("ERROR cannot write relation settings", error.StandardError.TrimEnd());
        Assert.Throws<PermissionDeniedException>(() => backend.RelationGet(Cluster.RelationId, "app", isApp: true));
    }

    [Fact]
    public void AnUnknownRelationIsRelationNotFound()
    {
        var backend = new InMemoryBackend("app/0", new State());
        Assert.Throws<RelationNotFoundException>(() => backend.RelationUnits(new RelationId("cluster", 99)));
    }

    [Fact]
    public void TheAgentsAddressKeysAreReadLikeJujusUnlessTheStateSetsThemOrTheHookDeletesThem()
    {
        var relation = Cluster.WithLocalUnitData(new Dictionary<string, string> { ["hostname"] = "node-0", ["private-address"] = "192.0.2.7" });
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "t", (RelationChangedEvent e) =>
        {
            var remote = e.Relation.RemoteUnitData("dist/0");
            Assert.Equal(InMemoryBackend.AgentAddress("dist/0"), remote["ingress-address"]);
            Assert.Equal(remote["ingress-address"] + "/32", remote["egress-subnets"]);
            Assert.Equal("192.0.2.7", e.Relation.LocalUnitData["private-address"]);
            Assert.Equal(InMemoryBackend.AgentAddress("app/0"), e.Relation.LocalUnitData["ingress-address"]);
            Assert.NotEqual(remote["ingress-address"], e.Relation.LocalUnitData["ingress-address"]);
            e.Relation.LocalUnitData.Remove("egress-subnets");
            Assert.False(e.Relation.LocalUnitData.ContainsKey("egress-subnets"));
        })));

        var result = ctx.Run(Hook.RelationChanged(relation, 0), new State().WithRelation(relation)).EnsureSuccess();

        var set = Assert.Single(result.RelationSets);
        Assert.Equal(new Dictionary<string, string> { ["egress-subnets"] = "" }, set.Data);
        Assert.Equal(["hostname", "private-address"], result.Output.GetRelation(7).LocalUnitData.Keys);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("app/x")]
    [InlineData("")]
    public void TheInMemoryAgentRefusesWhatIsNoUnitName(string text)
    {
        var address = Assert.Throws<ArgumentException>(() => InMemoryBackend.AgentAddress(text));
        var backend = Assert.Throws<ArgumentException>(() => new InMemoryBackend(text, new State()));
        var context = Assert.Throws<ArgumentException>(() => new Context(DelegateCharm.With(_ => { }), unitName: text));

        Assert.Contains("is not a unit name", address.Message, StringComparison.Ordinal);
        Assert.Contains("is not a unit name", backend.Message, StringComparison.Ordinal);
        Assert.Contains("is not a unit name", context.Message, StringComparison.Ordinal);
    }
}

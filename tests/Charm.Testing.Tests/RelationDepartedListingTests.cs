using Charm.Framework.Events;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>The harness answers <c>relation-list</c> during <c>relation-departed</c> as the Juju agent does (juju.md).</summary>
public sealed class RelationDepartedListingTests
{
    private static readonly RelationState Cluster = new RelationState("cluster", 3, "dist")
        .WithRemoteUnit(0, new Dictionary<string, string> { ["hostname"] = "node-0" })
        .WithRemoteUnit(1, new Dictionary<string, string> { ["hostname"] = "node-1" });

    [Fact]
    public void TheDepartingUnitIsNotListedButItsDataIsStillReadable()
    {
        IReadOnlyList<string>? listed = null;
        string? departingHost = null;
        string? departing = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe<RelationDepartedEvent>(EventKey.RelationDeparted("cluster"), "t", e =>
        {
            listed = e.Relation.Units;
            departing = e.DepartingUnit;
            departingHost = e.Relation.RemoteUnitData("dist/1")["hostname"];
        })));

        ctx.Run(Hook.RelationDeparted(Cluster, 1), new State().WithRelation(Cluster)).EnsureSuccess();

        Assert.Equal(["dist/0"], listed);
        Assert.Equal("dist/1", departing);
        Assert.Equal("node-1", departingHost);
    }

    [Fact]
    public void OtherHooksListEveryRemoteUnit()
    {
        IReadOnlyList<string>? listed = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged("cluster"), "t", e => listed = e.Relation.Units)));

        ctx.Run(Hook.RelationChanged(Cluster, 1), new State().WithRelation(Cluster)).EnsureSuccess();

        Assert.Equal(["dist/0", "dist/1"], listed);
    }
}

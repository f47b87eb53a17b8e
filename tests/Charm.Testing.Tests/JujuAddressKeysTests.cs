using Charm.Framework.Events;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>
/// The address keys Juju seeds into a unit's databag when the unit enters the relation's scope (juju/juju, the uniter
/// facade's EnterScope: private-address and ingress-address from the unit's ingress address, egress-subnets): on by
/// default, off per test with <see cref="State.WithoutJujuAddressKeys"/>.
/// </summary>
public sealed class JujuAddressKeysTests
{
    private static readonly string[] AddressKeys = ["egress-subnets", "ingress-address", "private-address"];

    private static readonly RelationState Cluster = new RelationState("cluster", 7, "dist")
        .WithRemoteUnit(0, new Dictionary<string, string> { ["mirror"] = "up" });

    private static (IReadOnlyList<string> Remote, IReadOnlyList<string> Local) KeysSeen(State state)
    {
        IReadOnlyList<string> remote = [], local = [];
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.RelationChanged("cluster"), "t", (RelationChangedEvent e) =>
        {
            remote = [.. e.Relation.RemoteUnitData("dist/0").Keys.Order(StringComparer.Ordinal)];
            local = [.. e.Relation.LocalUnitData.Keys.Order(StringComparer.Ordinal)];
        })));
        ctx.Run(Hook.RelationChanged(Cluster, 0), state.WithRelation(Cluster)).EnsureSuccess();
        return (remote, local);
    }

    [Fact]
    public void ByDefaultEveryUnitDatabagHasJujusAddressKeys()
    {
        var (remote, local) = KeysSeen(new State());

        Assert.Equal(["egress-subnets", "ingress-address", "mirror", "private-address"], remote);
        Assert.Equal(AddressKeys, local);
    }

    [Fact]
    public void WithoutJujuAddressKeysADatabagHoldsOnlyWhatTheStateGave()
    {
        var state = new State().WithoutJujuAddressKeys();

        var (remote, local) = KeysSeen(state);

        Assert.False(state.JujuAddressKeys);
        Assert.Equal(["mirror"], remote);
        Assert.Empty(local);
        Assert.NotEqual(new State(), state);
    }
}

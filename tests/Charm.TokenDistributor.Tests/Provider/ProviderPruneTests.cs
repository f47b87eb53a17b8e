using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>Hazard: keys of departed units stay in the distributor's databag forever. Required: the provider prunes them.</summary>
public sealed class ProviderPruneTests
{
    private readonly ProviderHarness _h = new();

    /// <summary>node-a is a seed communicator still holding node-b's token; node-b (unit 1) is leaving.</summary>
    private static RelationState Before()
        => ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB"), ("mirror-ca", "PEM")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b")))
            .WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", "tokB"), ("mirror-ca", "PEM"), Advertisement.ToTuple()));

    [Fact]
    public void Relation_departed_prunes_the_departing_units_host_even_though_a_seed_communicator_still_holds_it()
    {
        var relation = Before();

        var result = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation));

        result.EnsureSuccess();
        Assert.Equal(
            Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-ca", "PEM"), Advertisement.ToTuple()),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Contains(result.Logs, l => l.Message.Contains("removed mirror-node-b from mirror", StringComparison.Ordinal));
    }

    [Fact]
    public void A_later_relation_changed_from_the_seed_communicator_does_not_copy_the_pruned_key_back()
    {
        var relation = Before();
        var departed = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();
        var after = departed.Output.WithRelation(departed.Output.GetRelation(1).WithoutRemoteUnit(1));

        var changed = _h.Run(Hook.RelationChanged(after.GetRelation(1), 0), after).EnsureSuccess();

        Assert.False(changed.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-node-b"));
        Assert.Equal("PEM", changed.Output.GetRelation(1).LocalUnitData["mirror-ca"]);
    }

    [Fact]
    public void A_non_leader_remembers_the_departure_so_that_it_prunes_once_it_is_leader()
    {
        var relation = Before().WithLocalUnitData(Bag(("mirror", "down")));
        var departed = _h.RunDeparted(relation, 1, new State { Leader = false }.WithRelation(relation)).EnsureSuccess();
        Assert.Equal(StoredValue.FromStringList(["node-b"]), departed.Output.GetStored(ProviderStore, "departed-hosts"));
        var promoted = departed.Output.WithRelation(departed.Output.GetRelation(1).WithoutRemoteUnit(1)) with { Leader = true };

        var elected = _h.Run(Hook.LeaderElected, promoted).EnsureSuccess();

        var own = elected.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("up", own["mirror"]);
        Assert.Equal("empty", own["mirror-node-a"]);
        Assert.False(own.ContainsKey("mirror-node-b"));
    }

    [Fact]
    public void A_host_that_comes_back_is_mirrored_again()
    {
        var relation = Before();
        var departed = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();
        var back = departed.Output.WithRelation(departed.Output.GetRelation(1).WithoutRemoteUnit(1).WithRemoteUnit(2, Bag(("hostname", "node-b"))));

        var joined = _h.Run(Hook.RelationChanged(back.GetRelation(1), 2), back).EnsureSuccess();

        Assert.Equal("tokB", joined.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Null(joined.Output.GetStored(ProviderStore, "departed-hosts"));
    }

    [Fact]
    public void The_departure_of_a_unit_that_published_no_host_name_prunes_nothing()
    {
        var relation = Before().WithRemoteUnit(2, Bag(("unrelated", "x")));

        var result = _h.RunDeparted(relation, 2, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("tokB", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Null(result.Output.GetStored(ProviderStore, "departed-hosts"));
    }
}

using System.Text.Json;
using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Protocol;
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

    /// <summary>
    /// Found by the model-based test (docs/reliability.md, B-7): a distributor unit that mirrored as leader and lost
    /// leadership kept a departed host's key for ever, since only the leader pruned. Nobody reads a <c>mirror=down</c>
    /// unit's keys, but a departed host's token has no business anywhere.
    /// </summary>
    [Fact]
    public void A_former_mirror_drops_the_keys_of_hosts_it_saw_depart_and_keeps_the_rest()
    {
        var relation = Before();

        var result = _h.RunDeparted(relation, 1, new State { Leader = false }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal(
            Exactly(("mirror", "down"), ("mirror-node-a", "empty"), ("mirror-ca", "PEM"), Advertisement.ToTuple()),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Equal(StoredValue.FromStringList(["node-b"]), result.Output.GetStored(ProviderStore, "departed-hosts"));
        Assert.Contains(result.Logs, l => l.Message.Contains("removed mirror-node-b", StringComparison.Ordinal));
    }

    [Fact]
    public void A_former_mirror_keeps_the_key_of_a_departed_host_that_another_unit_publishes()
    {
        // node-b's unit leaves while another unit (a machine reused under the same name) publishes node-b.
        var relation = Before().WithRemoteUnit(2, Bag(("hostname", "node-b")));

        var result = _h.RunDeparted(relation, 1, new State { Leader = false }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("tokB", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Null(result.Output.GetStored(ProviderStore, "departed-hosts"));
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

    [Fact]
    public void The_leader_that_saw_the_departure_leaves_a_tombstone_in_the_application_databag()
    {
        var relation = Before();

        var result = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        // node-a's communicator still holds mirror-node-b, so the tombstone stays for the next leader to read.
        Assert.Equal(HostUnits(("node-a", "workload/0"), ("node-b", "")), result.Output.GetRelation(1).LocalAppData[HostUnitsKey]);
    }

    [Fact]
    public void A_new_leader_with_empty_stored_state_prunes_a_departed_host_that_a_seed_communicator_still_offers()
    {
        // distributor/0 led and saw node-b leave; distributor/1 was added afterwards and becomes leader with no stored
        // state and an empty databag, while the seed communicator (node-a) still offers mirror-node-b.
        var relation = Before();
        var departed = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();
        var appData = departed.Output.GetRelation(1).LocalAppData;
        var seen = ProviderRelation().WithRemoteUnit(0, relation.RemoteUnitsData[0]).WithLocalAppData(appData);
        var newcomer = new ProviderHarness("distributor/1");

        var elected = newcomer.Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(seen)).EnsureSuccess();
        var changed = newcomer.Run(Hook.RelationChanged(elected.Output.GetRelation(1), 0), elected.Output).EnsureSuccess();

        foreach (var output in new[] { elected.Output, changed.Output })
        {
            Assert.Equal(
                Exactly(("mirror", "up"), ("mirror-ca", "PEM"), ("mirror-node-a", "empty"), Advertisement.ToTuple()),
                Sorted(output.GetRelation(1).LocalUnitData));
        }

        Assert.Null(elected.Output.GetStored(ProviderStore, "departed-hosts"));
    }

    [Fact]
    public void A_leader_that_lost_its_stored_state_does_not_copy_a_pruned_key_back()
    {
        var relation = Before();
        var departed = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();
        var lost = new State { Leader = true }.WithRelation(departed.Output.GetRelation(1).WithoutRemoteUnit(1));
        Assert.Null(lost.GetStored(ProviderStore, "departed-units"));

        var changed = _h.Run(Hook.RelationChanged(lost.GetRelation(1), 0), lost).EnsureSuccess();

        Assert.False(changed.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-node-b"));
    }

    [Fact]
    public void A_host_whose_unit_this_leader_does_not_see_yet_is_never_pruned()
    {
        // A previous leader mirrored node-b for workload/1; this new leader has run relation-joined only for the
        // communicator so far. node-b's unit is live: its token stays mirrored.
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB")))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), (HostUnitsKey, HostUnits(("node-a", "workload/0"), ("node-b", "workload/1")))));

        var result = new ProviderHarness("distributor/1").Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var output = result.Output.GetRelation(1);
        Assert.Equal("tokB", output.LocalUnitData["mirror-node-b"]);
        Assert.Equal(HostUnits(("node-a", "workload/0"), ("node-b", "workload/1")), output.LocalAppData[HostUnitsKey]);
    }

    [Fact]
    public void A_key_no_record_explains_is_never_pruned()
    {
        // Without a record, mirror-node-b may be a live unit this leader does not see yet, or data added to the mirror.
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB"), ("mirror-ca", "PEM")));

        var result = _h.Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("tokB", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Equal("PEM", result.Output.GetRelation(1).LocalUnitData["mirror-ca"]);
    }

    [Fact]
    public void A_stale_witness_does_not_prune_a_host_that_came_back_on_a_unit_this_leader_does_not_see_yet()
    {
        // distributor/1 saw workload/1 (node-b) leave as a non-leader. Later the leader of the time mirrored node-b for
        // the new unit workload/2 and recorded it; distributor/1 becomes leader before its relation-joined for workload/2.
        var relation = Before().WithLocalUnitData(Bag(("mirror", "down")));
        var witness = new ProviderHarness("distributor/1");
        var departed = witness.RunDeparted(relation, 1, new State { Leader = false }.WithRelation(relation)).EnsureSuccess();
        var returned = departed.Output.GetRelation(1).WithoutRemoteUnit(1)
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), (HostUnitsKey, HostUnits(("node-a", "workload/0"), ("node-b", "workload/2")))));
        var promoted = departed.Output.WithRelation(returned) with { Leader = true };

        var elected = witness.Run(Hook.LeaderElected, promoted).EnsureSuccess();

        Assert.Equal("tokB", elected.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Equal(HostUnits(("node-a", "workload/0"), ("node-b", "workload/2")), elected.Output.GetRelation(1).LocalAppData[HostUnitsKey]);
    }

    [Fact]
    public void The_tombstone_goes_once_no_related_unit_holds_the_key_any_more()
    {
        var relation = Before();
        var departed = _h.RunDeparted(relation, 1, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();
        var communicator = Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-ca", "PEM"));
        var dropped = departed.Output.GetRelation(1).WithoutRemoteUnit(1).WithRemoteUnit(0, communicator);

        var changed = _h.Run(Hook.RelationChanged(dropped, 0), departed.Output.WithRelation(dropped)).EnsureSuccess();

        Assert.Equal(HostUnits(("node-a", "workload/0")), changed.Output.GetRelation(1).LocalAppData[HostUnitsKey]);
    }

    [Fact]
    public void A_new_leader_drops_the_token_fingerprints_of_a_pruned_host()
    {
        var tokenA = Tokens.Shaped("node-a", 1);
        var tokenB = Tokens.Shaped("node-b", 2);
        var fingerprints = JsonSerializer.Serialize(new SortedDictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["node-a"] = [JoinTokens.Fingerprint(tokenA)],
            ["node-b"] = [JoinTokens.Fingerprint(tokenB)],
        });
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", tokenB), ("cluster-member", "yes"), Advertisement.ToTuple()))
            .WithLocalAppData(Bag(
                ("bootstrap-app", "workload"),
                ("cluster-bootstrap-unit", "workload/0"),
                ("cluster-token-fingerprints", fingerprints),
                (HostUnitsKey, HostUnits(("node-a", "workload/0"), ("node-b", "")))));

        var result = new ProviderHarness("distributor/1").Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var output = result.Output.GetRelation(1);
        Assert.False(output.LocalUnitData.ContainsKey("mirror-node-b"));
        Assert.Equal(
            JsonSerializer.Serialize(new Dictionary<string, string[]> { ["node-a"] = [JoinTokens.Fingerprint(tokenA)] }),
            output.LocalAppData["cluster-token-fingerprints"]);
        Assert.Equal("workload/0", output.LocalAppData["cluster-bootstrap-unit"]);
    }

    [Theory]
    [InlineData("[not an object")]
    [InlineData("{\"node-b\":[\"workload/1\"]}")]
    [InlineData("{\"node-b\":\"\\udc00\"}")] // a lone surrogate: JSON, but no .NET string
    public void An_unreadable_host_record_is_logged_and_written_again_from_what_the_leader_sees(string record)
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB")))
            .WithLocalAppData(Bag((HostUnitsKey, record)));

        var result = _h.Run(Hook.LeaderElected, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("tokB", result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.Equal(HostUnits(("node-a", "workload/0")), result.Output.GetRelation(1).LocalAppData[HostUnitsKey]);
        Assert.Contains(result.Logs, l => l.Message.Contains($"ignoring {HostUnitsKey}", StringComparison.Ordinal));
    }
}

using System.Text.Json;
using Charm.Testing;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>
/// The bootstrap-grant extension on the distributor: it grants the bootstrap to one consumer unit, records the fingerprint
/// of every token it mirrors, and moves the grant only when its holder was seen departing and no related unit can be a
/// cluster member. Without consumers that advertise it, nothing of it is written.
/// </summary>
public sealed class ProviderBootstrapGrantTests
{
    private readonly ProviderHarness _h = new();

    private static readonly string TokenB = Tokens.Shaped("node-b", 1);

    /// <summary>A consumer unit of this project: its host name and the advertisement, plus <paramref name="more"/>.</summary>
    private static KeyValuePair<string, string>[] Ours(string host, params (string Key, string Value)[] more)
        => [P("hostname", host), Advertisement, .. more.Select(m => P(m.Key, m.Value))];

    private static string Record(params (string Host, string[] Fingerprints)[] entries)
        => JsonSerializer.Serialize(entries.ToDictionary(e => e.Host, e => e.Fingerprints));

    private RunResult Changed(RelationState relation, bool leader = true)
        => _h.Run(Hook.RelationChanged(relation, relation.RemoteUnitsData.Keys.First()), new State { Leader = leader }.WithRelation(relation)).EnsureSuccess();

    [Fact]
    public void When_every_consumer_unit_advertises_the_grant_the_leader_grants_the_lowest_numbered_one()
    {
        var relation = ProviderRelation().WithRemoteUnit(3, Ours("node-d")).WithRemoteUnit(1, Ours("node-b"));

        var result = Changed(relation);

        Assert.Equal(Exactly(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/1"), (HostUnitsKey, HostUnits(("node-b", "workload/1"), ("node-d", "workload/3")))), Sorted(result.Output.GetRelation(1).LocalAppData));
        Assert.Contains(result.Logs, l => l.Message == "granting the cluster bootstrap to workload/1");
    }

    [Fact]
    public void A_non_leader_grants_nothing()
    {
        var relation = ProviderRelation().WithRemoteUnit(0, Ours("node-a"));

        var result = Changed(relation, leader: false);

        Assert.Empty(result.Output.GetRelation(1).LocalAppData);
    }

    [Fact]
    public void While_a_related_unit_does_not_advertise_the_grant_nothing_is_granted()
    {
        // A v0 consumer unit might bootstrap by the v0 rule (or be a member this unit cannot judge).
        var relation = ProviderRelation().WithRemoteUnit(0, Ours("node-a")).WithRemoteUnit(1, Bag(("hostname", "node-b")));

        var result = Changed(relation);

        Assert.Equal(Exactly(("bootstrap-app", "workload"), (HostUnitsKey, HostUnits(("node-a", "workload/0"), ("node-b", "workload/1")))), Sorted(result.Output.GetRelation(1).LocalAppData));
    }

    [Fact]
    public void A_mirrored_token_is_recorded_by_fingerprint_in_the_hook_that_mirrors_it_and_never_in_clear()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a", ("mirror", "up"), ("mirror-node-b", TokenB), ("mirror-ca", "PEM"), ("cluster-member", "yes"), ("cluster-fingerprint", Tokens.ClusterFingerprint)))
            .WithRemoteUnit(1, Ours("node-b"))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        var output = result.Output.GetRelation(1);
        Assert.Equal(TokenB, output.LocalUnitData["mirror-node-b"]);
        Assert.Equal(Record(("node-b", [JoinTokens.Fingerprint(TokenB)])), output.LocalAppData["cluster-token-fingerprints"]);
        Assert.DoesNotContain(output.LocalAppData.Values, v => v.Contains(TokenB, StringComparison.Ordinal));
        Assert.Equal("workload/0", output.LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void The_grant_stays_with_a_unit_missing_from_relation_list_that_this_unit_did_not_see_depart()
    {
        // workload/0 may simply not have joined from this unit's point of view yet (e.g. leadership moved here first).
        var relation = ProviderRelation().WithRemoteUnit(1, Ours("node-b"))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    /// <summary>workload/0 holds the grant and is leaving; workload/1 (node-b) stays with <paramref name="stays"/> in its databag.</summary>
    private RunResult GranteeDeparts(KeyValuePair<string, string>[] stays, string? record = null, params (string Key, string Value)[] ownMirror)
    {
        var app = record is null
            ? Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0"))
            : Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0"), ("cluster-token-fingerprints", record));
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a", ("cluster-member", "yes")))
            .WithRemoteUnit(1, stays)
            .WithLocalUnitData(new Dictionary<string, string>(StringComparer.Ordinal) { ["mirror"] = "up", ["mirror-node-a"] = "empty", ["mirror-node-b"] = "empty", [Advertisement.Key] = Advertisement.Value }
                .Concat(ownMirror.Select(m => P(m.Key, m.Value))).GroupBy(p => p.Key).Select(g => g.Last()))
            .WithLocalAppData(app);
        return _h.RunDeparted(relation, 0, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();
    }

    [Fact]
    public void The_grant_moves_once_its_holder_departed_and_no_remaining_unit_can_be_a_member()
    {
        var result = GranteeDeparts(Ours("node-b"));

        Assert.Equal("workload/1", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.Contains(result.Logs, l => l.Message.Contains("workload/0 departed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_grant_does_not_move_while_a_remaining_unit_says_it_is_a_member()
    {
        var result = GranteeDeparts(Ours("node-b", ("cluster-member", "yes")));

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void The_grant_does_not_move_while_the_mirror_holds_a_joined_marker_for_a_remaining_unit()
    {
        var result = GranteeDeparts(Ours("node-b"), null, ("mirror-node-b", "joined"));

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void The_grant_does_not_move_while_a_remaining_unit_may_have_joined_with_a_recorded_token_until_it_renounces_it()
    {
        var fingerprint = JoinTokens.Fingerprint(TokenB);
        var record = Record(("node-b", [fingerprint]));

        var holding = GranteeDeparts(Ours("node-b"), record);
        var otherRenounced = GranteeDeparts(Ours("node-b", ("renounced-tokens", "0123456789abcdef")), record);
        var renounced = GranteeDeparts(Ours("node-b", ("renounced-tokens", "0123456789abcdef," + fingerprint)), record);

        Assert.Equal("workload/0", holding.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.Equal("workload/0", otherRenounced.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.Equal("workload/1", renounced.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void The_grant_does_not_move_while_a_token_is_recorded_for_a_host_of_no_unit_in_sight()
    {
        // node-z's unit may be related and a member without having joined from this unit's point of view.
        var result = GranteeDeparts(Ours("node-b"), Record(("node-z", ["0123456789abcdef"])));

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void A_departed_hosts_fingerprints_are_dropped_with_its_keys()
    {
        var result = GranteeDeparts(Ours("node-b"), Record(("node-a", ["0123456789abcdef"])));

        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-token-fingerprints"));
        Assert.Equal("workload/1", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void An_unreadable_record_is_never_decided_on()
    {
        var result = GranteeDeparts(Ours("node-b"), "{not json");

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.Contains(result.Logs, l => l.Message.Contains("unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public void A_consumer_that_bootstrapped_under_v0_keeps_the_bootstrap()
    {
        var relation = ProviderRelation().WithRemoteUnit(0, Ours("node-a")).WithRemoteUnit(1, Ours("node-b"))
            .WithRemoteAppData(Bag(("cluster-bootstrapped-by", "workload/1")));

        var result = Changed(relation);

        Assert.Equal("workload/1", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void A_non_leader_that_saw_the_holder_depart_moves_the_grant_once_it_leads()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a"))
            .WithRemoteUnit(1, Ours("node-b"))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));
        var departed = _h.RunDeparted(relation, 0, new State { Leader = false }.WithRelation(relation)).EnsureSuccess();
        Assert.Equal("workload/0", departed.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        var promoted = departed.Output.WithRelation(departed.Output.GetRelation(1).WithoutRemoteUnit(0)) with { Leader = true };

        var elected = _h.Run(Hook.LeaderElected, promoted).EnsureSuccess();

        Assert.Equal("workload/1", elected.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
    }
}

using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>
/// The cluster-binding extension on the distributor (docs/protocol.md, "The cluster-binding extension"): the leader
/// relays the certificate fingerprint the bootstrapper reports; other units, however many, cannot replace it.
/// </summary>
public sealed class ClusterBindingRelayTests
{
    private static readonly string Genuine = new('1', 64);
    private static readonly string Rogue = new('f', 64);

    private readonly ProviderHarness _h = new();

    private static KeyValuePair<string, string>[] Member(string host, string? fingerprint, bool mirror = false)
        => [P("hostname", host), Advertisement, P("cluster-member", "yes"), .. fingerprint is null ? [] : new[] { P("cluster-fingerprint", fingerprint) },
            .. mirror ? new[] { P("mirror", "up") } : []];

    private RunResult Changed(RelationState relation)
        => _h.Run(Hook.RelationChanged(relation, relation.RemoteUnitsData.Keys.First()), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

    [Fact]
    public void Rogue_mirror_up_units_of_the_same_application_cannot_outvote_the_bootstrapper_s_fingerprint()
    {
        // Two rogue units (listed first, mirror=up) report another cluster; the grant holder workload/0 reports its own.
        var relation = ProviderRelation()
            .WithRemoteUnit(5, Member("node-f", Rogue, mirror: true))
            .WithRemoteUnit(6, Member("node-g", Rogue, mirror: true))
            .WithRemoteUnit(0, Member("node-a", Genuine, mirror: true))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        Assert.Equal(Genuine, result.Output.GetRelation(1).LocalAppData["cluster-bound-fingerprint"]);
    }

    [Fact]
    public void While_the_bootstrapper_is_related_and_reports_nothing_no_other_unit_s_report_is_relayed()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", fingerprint: null))
            .WithRemoteUnit(5, Member("node-f", Rogue, mirror: true))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-bound-fingerprint"));
    }

    [Fact]
    public void Once_relayed_the_fingerprint_stays_after_the_bootstrapper_left_and_reaches_every_relation()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(5, Member("node-f", Rogue, mirror: true))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0"), ("cluster-bound-fingerprint", Genuine)));
        var other = ProviderRelation(2, "other").WithRemoteUnit(0, Bag(("hostname", "node-o")));

        var result = _h.Run(Hook.RelationChanged(relation, 5), new State { Leader = true }.WithRelation(relation).WithRelation(other)).EnsureSuccess();

        Assert.Equal(Genuine, result.Output.GetRelation(1).LocalAppData["cluster-bound-fingerprint"]);
        Assert.Equal(Genuine, result.Output.GetRelation(2).LocalAppData["cluster-bound-fingerprint"]);
    }

    [Fact]
    public void A_bootstrapper_from_before_the_extension_that_knows_no_fingerprint_lets_the_members_majority_be_relayed()
    {
        // After an upgrade the holder says "unknown"; the two members that joined with tokens outvote one rogue.
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", "unknown"))
            .WithRemoteUnit(5, Member("node-f", Rogue, mirror: true))
            .WithRemoteUnit(1, Member("node-b", Genuine))
            .WithRemoteUnit(2, Member("node-c", Genuine))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        Assert.Equal(Genuine, result.Output.GetRelation(1).LocalAppData["cluster-bound-fingerprint"]);
    }

    [Fact]
    public void When_the_grant_moves_to_form_a_new_cluster_the_former_fingerprint_is_no_longer_relayed()
    {
        // The cluster left with its last member (docs/reliability.md, F-1): workload/0 departs, workload/1 can be no member.
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", Genuine))
            .WithRemoteUnit(1, Bag(("hostname", "node-b"), Advertisement.ToTuple()))
            .WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", "empty"), Advertisement.ToTuple()))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0"), ("cluster-bound-fingerprint", Genuine)));

        var result = _h.RunDeparted(relation, 0, new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var app = result.Output.GetRelation(1).LocalAppData;
        Assert.Equal("workload/1", app["cluster-bootstrap-unit"]);
        Assert.False(app.ContainsKey("cluster-bound-fingerprint"));
    }

    [Fact]
    public void Malformed_or_oversized_reports_are_ignored()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", new string('A', 64)))
            .WithRemoteUnit(1, Member("node-b", new string('1', 200_000)))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/9")));

        var result = Changed(relation);

        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-bound-fingerprint"));
    }

    [Fact]
    public void With_only_v0_consumers_nothing_is_relayed()
    {
        var relation = ProviderRelation().WithRemoteUnit(0, Bag(("hostname", "node-a"), ("cluster-member", "yes"), ("cluster-fingerprint", Genuine)));

        var result = Changed(relation);

        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-bound-fingerprint"));
    }
}

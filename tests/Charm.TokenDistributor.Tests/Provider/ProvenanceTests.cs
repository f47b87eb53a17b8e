using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>
/// Which offered values the distributor's leader takes from units that speak the cluster binding (docs/security.md,
/// "Who can offer a token", findings of the rogue schedules): a token only when it carries the bootstrapped
/// cluster's fingerprint, nothing before such a cluster is known, a token for an unpublished host only from the bootstrap
/// application; and whose word about membership holds the grant back.
/// </summary>
public sealed class ProvenanceTests
{
    private const string Honest = Tokens.ClusterFingerprint;

    /// <summary>Another cluster's certificate fingerprint: a rogue's own cluster.</summary>
    private const string Rogue = "5f1e0c7a9b3d2e4f6a8b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7";

    private readonly ProviderHarness _h = new();

    private static KeyValuePair<string, string>[] Ours(string host, params (string Key, string Value)[] more)
        => [P("hostname", host), Advertisement, .. more.Select(m => P(m.Key, m.Value))];

    /// <summary>A unit that says it is a member of the cluster with <paramref name="fingerprint"/>, with <paramref name="more"/>.</summary>
    private static KeyValuePair<string, string>[] Member(string host, string fingerprint, params (string Key, string Value)[] more)
        => Ours(host, [("cluster-member", "yes"), ("cluster-fingerprint", fingerprint), .. more]);

    private RunResult Lead(params RelationState[] relations)
    {
        var state = new State { Leader = true };
        foreach (var relation in relations)
        {
            state = state.WithRelation(relation);
        }

        return _h.Run(Hook.RelationChanged(relations[0], relations[0].RemoteUnitsData.Keys.First()), state).EnsureSuccess();
    }

    [Fact]
    public void R1_a_rogue_s_token_offered_before_the_first_bootstrap_is_not_mirrored_and_does_not_hold_the_grant_back()
    {
        // The rogue schedules' R-1: workload/2 says mirror=up and offers a token of its own cluster for node-a before any
        // cluster exists. Mirrored, it made the grant's holder believe a cluster existed and kept the grant from being made.
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a"))
            .WithRemoteUnit(2, Ours("node-c", ("mirror", "up"), ("mirror-node-a", Tokens.Shaped("node-a", 1, Rogue)), ("mirror-node-x", "joined")));

        var result = Lead(relation);

        var output = result.Output.GetRelation(1);
        Assert.Equal("empty", output.LocalUnitData["mirror-node-a"]);
        Assert.DoesNotContain("mirror-node-x", output.LocalUnitData.Keys);
        Assert.DoesNotContain("cluster-token-fingerprints", output.LocalAppData.Keys);
        Assert.Equal("workload/0", output.LocalAppData["cluster-bootstrap-unit"]);
        Assert.Contains(result.Logs, l => l.Message == "not mirroring 2 value(s) of workload/2: no cluster has been bootstrapped yet, so no join token can be genuine");
    }

    [Fact]
    public void R3_once_the_bootstrapper_reports_its_cluster_only_that_cluster_s_tokens_are_mirrored()
    {
        // The rogue schedules' R-3: with nothing relayed an honest unit joined with whatever token the mirror held. The
        // holder's report with its first token is the cluster's fingerprint; a token of another cluster never reaches the
        // mirror, in the hook that relays the fingerprint or later.
        var genuine = Tokens.Shaped("node-b", 1);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", Honest, ("mirror", "up"), ("mirror-node-b", genuine)))
            .WithRemoteUnit(1, Ours("node-b"))
            .WithRemoteUnit(2, Member("node-c", Rogue, ("mirror", "up"), ("mirror-node-d", Tokens.Shaped("node-d", 1, Rogue))))
            .WithRemoteUnit(3, Ours("node-d"))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Lead(relation);

        var output = result.Output.GetRelation(1);
        Assert.Equal(genuine, output.LocalUnitData["mirror-node-b"]);
        Assert.Equal("empty", output.LocalUnitData["mirror-node-d"]);
        Assert.Equal(Honest, output.LocalAppData["cluster-bound-fingerprint"]);
        Assert.Contains(result.Logs, l => l.Message.StartsWith("not mirroring 1 value(s) of workload/2: not join tokens of the bootstrapped cluster (certificate fingerprint 2c26b46b68ffc68f", StringComparison.Ordinal));
    }

    [Fact]
    public void Once_relayed_a_token_carrying_another_fingerprint_does_not_replace_the_held_one()
    {
        var held = Tokens.Shaped("node-b", 1);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", Honest))
            .WithRemoteUnit(1, Ours("node-b"))
            .WithRemoteUnit(2, Ours("node-c", ("mirror", "up"), ("mirror-node-b", Tokens.Shaped("node-b", 2, Rogue))))
            .WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", held), ("mirror-node-c", "empty")))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0"), ("cluster-bound-fingerprint", Honest)));

        var result = Lead(relation);

        Assert.Equal(held, result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
    }

    [Fact]
    public void A_v0_communicator_s_tokens_are_mirrored_by_v08_s_rules_without_a_fingerprint()
    {
        // Seed and v0.8 consumers report no fingerprint: the binding is not theirs, and wire compatibility holds.
        var token = Tokens.Shaped("node-b", 1, Rogue);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", token)))
            .WithRemoteUnit(1, Bag(("hostname", "node-b")));

        var result = Lead(relation);

        Assert.Equal(token, result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
    }

    [Fact]
    public void A_token_for_a_host_nobody_publishes_is_taken_only_from_the_bootstrap_application()
    {
        // Both offer a token of the bound cluster for node-z, which no relation's units publish (a unit a new leader
        // does not see yet); only the bootstrap application's communicator mints tokens.
        var workload = ProviderRelation(1, "workload")
            .WithRemoteUnit(0, Member("node-a", Honest, ("mirror", "up"), ("mirror-node-z", Tokens.Shaped("node-z", 1))))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0"), ("cluster-bound-fingerprint", Honest)));
        var other = ProviderRelation(2, "other")
            .WithRemoteUnit(0, Member("other-a", Honest, ("mirror", "up"), ("mirror-node-y", Tokens.Shaped("node-y", 1))))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bound-fingerprint", Honest)));

        var result = Lead(workload, other);

        var mirror = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal(Tokens.Shaped("node-z", 1), mirror["mirror-node-z"]);
        Assert.DoesNotContain("mirror-node-y", mirror.Keys);
    }

    [Fact]
    public void A_unit_of_another_application_that_says_it_is_a_member_does_not_hold_the_grant_back()
    {
        // This distributor gives no application a token for another's hosts, so a second application's claim is no
        // member of the bootstrap application's cluster (the rogue application of the schedules, isolation off).
        var workload = ProviderRelation(1, "workload").WithRemoteUnit(0, Ours("node-a"));
        var other = ProviderRelation(2, "other").WithRemoteUnit(0, Member("other-a", Rogue, ("mirror", "up")));

        var result = Lead(workload, other);

        Assert.Equal("workload/0", result.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.DoesNotContain("cluster-bound-fingerprint", result.Output.GetRelation(1).LocalAppData.Keys);
    }

    [Fact]
    public void A_unit_of_the_bootstrap_application_that_says_it_is_a_member_holds_the_grant_back_but_its_fingerprint_is_not_relayed()
    {
        // Within one application a claim may be a member the distributor did not see join (a distributor deployed anew):
        // no grant while it stands. One unit's report among three is no majority, so no rogue cluster is relayed either.
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a"))
            .WithRemoteUnit(1, Ours("node-b"))
            .WithRemoteUnit(2, Member("node-c", Rogue, ("mirror", "up"), ("mirror-node-a", Tokens.Shaped("node-a", 1, Rogue))));

        var result = Lead(relation);

        var output = result.Output.GetRelation(1);
        Assert.DoesNotContain("cluster-bootstrap-unit", output.LocalAppData.Keys);
        Assert.DoesNotContain("cluster-bound-fingerprint", output.LocalAppData.Keys);
        Assert.Equal("empty", output.LocalUnitData["mirror-node-a"]);
    }

    [Fact]
    public void Once_a_holder_that_never_reported_is_gone_one_unit_s_claim_is_not_relayed()
    {
        // The rogue schedules' majority window: the grant's holder bootstrapped alone and left before minting a token (so
        // before reporting), taking its cluster with it; a rogue unit then said it is a member of its own cluster.
        var relation = ProviderRelation()
            .WithRemoteUnit(1, Member("node-b", Rogue, ("mirror", "up"), ("mirror-node-c", Tokens.Shaped("node-c", 1, Rogue))))
            .WithRemoteUnit(2, Ours("node-c"))
            .WithLocalAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/0")));

        var result = Lead(relation);

        var output = result.Output.GetRelation(1);
        Assert.DoesNotContain("cluster-bound-fingerprint", output.LocalAppData.Keys);
        Assert.Equal("empty", output.LocalUnitData["mirror-node-c"]);
    }

    [Fact]
    public void With_no_holder_the_only_unit_the_leader_sees_yet_cannot_name_its_cluster()
    {
        // The rogue schedules' majority window, second shape: a new leader whose relation-list holds the rogue unit only
        // (relation-joined comes one unit at a time). One of one is no majority.
        var relation = ProviderRelation()
            .WithRemoteUnit(1, Member("node-b", Rogue, ("mirror", "up"), ("mirror-node-a", Tokens.Shaped("node-a", 1, Rogue))));

        var result = Lead(relation);

        Assert.DoesNotContain("cluster-bound-fingerprint", result.Output.GetRelation(1).LocalAppData.Keys);
        Assert.DoesNotContain("mirror-node-a", result.Output.GetRelation(1).LocalUnitData.Keys);
    }

    [Fact]
    public void With_no_holder_a_fingerprint_more_than_half_the_units_report_is_relayed_and_its_tokens_mirrored()
    {
        // A cluster that formed where this distributor did not see it: two of three units are members and report it.
        var token = Tokens.Shaped("node-c", 1);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", Honest, ("mirror", "up"), ("mirror-node-c", token)))
            .WithRemoteUnit(1, Member("node-b", Honest))
            .WithRemoteUnit(2, Ours("node-c"));

        var result = Lead(relation);

        var output = result.Output.GetRelation(1);
        Assert.Equal(Honest, output.LocalAppData["cluster-bound-fingerprint"]);
        Assert.Equal(token, output.LocalUnitData["mirror-node-c"]);
    }

    [Fact]
    public void With_no_holder_members_from_before_the_extension_let_the_communicator_s_report_be_relayed()
    {
        // A seed-formed cluster whose units now run this project's consumer: the members know no fingerprint
        // ("unknown") but the communicator learnt its cluster's from the token it minted; a new unit waits for it.
        var token = Tokens.Shaped("node-d", 1);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", Honest, ("mirror", "up"), ("mirror-node-d", token)))
            .WithRemoteUnit(1, Member("node-b", "unknown"))
            .WithRemoteUnit(2, Member("node-c", "unknown"))
            .WithRemoteUnit(3, Ours("node-d"))
            .WithRemoteUnit(4, Ours("node-e"));

        var result = Lead(relation);

        var output = result.Output.GetRelation(1);
        Assert.Equal(Honest, output.LocalAppData["cluster-bound-fingerprint"]);
        Assert.Equal(token, output.LocalUnitData["mirror-node-d"]);
        Assert.DoesNotContain("cluster-bootstrap-unit", output.LocalAppData.Keys);
    }

    [Fact]
    public void With_no_holder_a_member_contradicting_the_report_keeps_it_from_being_relayed()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Member("node-a", Honest))
            .WithRemoteUnit(1, Member("node-b", Rogue))
            .WithRemoteUnit(2, Ours("node-c"))
            .WithRemoteUnit(3, Ours("node-d"));

        var result = Lead(relation);

        Assert.DoesNotContain("cluster-bound-fingerprint", result.Output.GetRelation(1).LocalAppData.Keys);
    }
}

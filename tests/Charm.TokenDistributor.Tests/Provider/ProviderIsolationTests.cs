using System.Text.Json;
using Charm.Testing;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Provider;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>
/// <see cref="TokenDistributorProviderOptions.IsolateRelations"/> on one distributor hook, with exact databags: each
/// relation of the endpoint is handled on its own. The default stays v0.8's: its provider writes the mirror merged across
/// every relation of the endpoint into each (<c>_collect_cross_relation_mirror</c>, <c>_handle_mirror</c>).
/// </summary>
public sealed class ProviderIsolationTests
{
    private static readonly TokenDistributorProviderOptions Isolated = new() { IsolateRelations = true };

    private static readonly string TokenA1 = Tokens.Shaped("a-1", 1);
    private static readonly string TokenB1 = Tokens.Shaped("b-1", 2);
    private static readonly string TokenShared = Tokens.Shaped("node-x", 3);
    private static readonly string OtherShared = Tokens.Shaped("node-x", 4);

    /// <summary>alpha: a-0 the communicator, offering a-1's token; a-1 waiting.</summary>
    private static RelationState Alpha(params (string Key, string Value)[] communicatorOffers)
        => ProviderRelation(1, "alpha")
            .WithRemoteUnit(0, Bag([("hostname", "a-0"), ("mirror", "up"), ("mirror-a-1", TokenA1), .. communicatorOffers]))
            .WithRemoteUnit(1, Bag(("hostname", "a-1")));

    /// <summary>beta: b-0 the communicator, offering b-1's token; b-1 waiting.</summary>
    private static RelationState Beta()
        => ProviderRelation(2, "beta")
            .WithRemoteUnit(0, Bag(("hostname", "b-0"), ("mirror", "up"), ("mirror-b-1", TokenB1)))
            .WithRemoteUnit(1, Bag(("hostname", "b-1")));

    private static RunResult Lead(TokenDistributorProviderOptions? options, State state)
        => new ProviderHarness(options: options).Run(Hook.RelationChanged(state.GetRelation(1), 0), state).EnsureSuccess();

    private static State Both(RelationState alpha, RelationState beta, bool leader = true) => new State { Leader = leader }.WithRelation(alpha).WithRelation(beta);

    [Fact]
    public void Isolated_each_relation_carries_only_its_own_hosts_its_own_tokens_and_its_own_bootstrap_app()
    {
        // alpha's communicator also offers a token for beta's host: never mirrored on either relation.
        var result = Lead(Isolated, Both(Alpha(("mirror-b-1", "forged-by-alpha")), Beta()));

        var alpha = result.Output.GetRelation(1);
        var beta = result.Output.GetRelation(2);
        Assert.Equal(Exactly(("mirror", "up"), ("mirror-a-0", "empty"), ("mirror-a-1", TokenA1), Advertisement.ToTuple()), Sorted(alpha.LocalUnitData));
        Assert.Equal(Exactly(("mirror", "up"), ("mirror-b-0", "empty"), ("mirror-b-1", TokenB1), Advertisement.ToTuple()), Sorted(beta.LocalUnitData));
        Assert.Equal(Exactly(("bootstrap-app", "alpha"), (HostUnitsKey, HostUnits(("a-0", "alpha/0"), ("a-1", "alpha/1")))), Sorted(alpha.LocalAppData));
        Assert.Equal(Exactly(("bootstrap-app", "beta"), (HostUnitsKey, HostUnits(("b-0", "beta/0"), ("b-1", "beta/1")))), Sorted(beta.LocalAppData));
    }

    [Fact]
    public void By_default_both_relations_carry_the_merged_mirror_and_one_bootstrap_app()
    {
        var result = Lead(null, Both(Alpha(), Beta()));

        var merged = Exactly(("mirror", "up"), ("mirror-a-0", "empty"), ("mirror-a-1", TokenA1), ("mirror-b-0", "empty"), ("mirror-b-1", TokenB1), Advertisement.ToTuple());
        Assert.Equal(merged, Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Equal(merged, Sorted(result.Output.GetRelation(2).LocalUnitData));
        Assert.Equal("alpha", result.Output.GetRelation(2).LocalAppData["bootstrap-app"]);
    }

    [Fact]
    public void A_host_both_applications_publish_gets_each_relations_own_token_when_isolated()
    {
        // Two workloads on one machine publish the same uname -n. Merged, v0.8 keeps the first real value for the key on
        // every relation, so one application's unit would be handed the other application's token.
        var alpha = ProviderRelation(1, "alpha")
            .WithRemoteUnit(0, Bag(("hostname", "a-0"), ("mirror", "up"), ("mirror-node-x", TokenShared)))
            .WithRemoteUnit(1, Bag(("hostname", "node-x")));
        var beta = ProviderRelation(2, "beta")
            .WithRemoteUnit(0, Bag(("hostname", "b-0"), ("mirror", "up"), ("mirror-node-x", OtherShared)))
            .WithRemoteUnit(1, Bag(("hostname", "node-x")));

        var isolated = Lead(Isolated, Both(alpha, beta));
        var merged = Lead(null, Both(alpha, beta));

        Assert.Equal(TokenShared, isolated.Output.GetRelation(1).LocalUnitData["mirror-node-x"]);
        Assert.Equal(OtherShared, isolated.Output.GetRelation(2).LocalUnitData["mirror-node-x"]);
        Assert.Equal(TokenShared, merged.Output.GetRelation(2).LocalUnitData["mirror-node-x"]);
    }

    [Fact]
    public void Switched_on_the_leader_deletes_the_other_relations_keys_host_units_and_fingerprints_in_the_next_hook()
    {
        // The state a default-mode leader left: the merged mirror, the merged record and a grant record naming both
        // applications' hosts, on both relations. alpha's bootstrapper (granted, reporting its cluster's fingerprint)
        // minted a-1's token; beta is a v0.8 application, whose tokens a default-mode leader mirrors by v0.8's rules.
        var alpha = ProviderRelation(1, "alpha")
            .WithRemoteUnit(0, Bag(("hostname", "a-0"), ("mirror", "up"), ("mirror-a-1", TokenA1), Advertisement.ToTuple(), ("cluster-member", "yes"), ("cluster-fingerprint", Tokens.ClusterFingerprint)))
            .WithRemoteUnit(1, Bag(("hostname", "a-1"), Advertisement.ToTuple()))
            .WithLocalAppData(Bag(("cluster-bootstrap-unit", "alpha/0")));
        var beta = ProviderRelation(2, "beta")
            .WithRemoteUnit(0, Bag(("hostname", "b-0"), ("mirror", "up"), ("mirror-b-1", TokenB1)))
            .WithRemoteUnit(1, Bag(("hostname", "b-1")));
        var before = Lead(null, Both(alpha, beta));
        Assert.Contains("mirror-b-1", before.Output.GetRelation(1).LocalUnitData.Keys);
        Assert.Contains("b-1", Record(before.Output.GetRelation(1), "cluster-token-fingerprints").Keys);

        var after = Lead(Isolated, before.Output);

        var onAlpha = after.Output.GetRelation(1);
        var onBeta = after.Output.GetRelation(2);
        Assert.Equal(["a-0", "a-1"], MirrorHosts(onAlpha));
        Assert.Equal(["b-0", "b-1"], MirrorHosts(onBeta));
        Assert.Equal(["a-0", "a-1"], Record(onAlpha, HostUnitsKey).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["b-0", "b-1"], Record(onBeta, HostUnitsKey).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["a-1"], Record(onAlpha, "cluster-token-fingerprints").Keys);
        // beta's v0.8 units see exactly the v0 protocol on their own relation: no grant record is started there.
        Assert.DoesNotContain("cluster-token-fingerprints", onBeta.LocalAppData.Keys);
        Assert.Equal("beta", onBeta.LocalAppData["bootstrap-app"]);
        Assert.Contains(after.Logs, l => l.Message.Contains("removed mirror-b-1 from relation 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Switched_on_a_non_leader_deletes_the_other_relations_keys_it_kept_from_when_it_mirrored()
    {
        var merged = Lead(null, Both(Alpha(), Beta())).Output;

        var down = Lead(Isolated, merged with { Leader = false });

        Assert.Equal(Exactly(("mirror", "down"), ("mirror-a-0", "empty"), ("mirror-a-1", TokenA1), Advertisement.ToTuple()), Sorted(down.Output.GetRelation(1).LocalUnitData));
        Assert.Equal(Exactly(("mirror", "down"), ("mirror-b-0", "empty"), ("mirror-b-1", TokenB1), Advertisement.ToTuple()), Sorted(down.Output.GetRelation(2).LocalUnitData));
    }

    [Fact]
    public void Isolated_each_relation_has_its_own_bootstrap_grant_for_a_unit_of_its_own_application()
    {
        var alpha = ProviderRelation(1, "alpha").WithRemoteUnit(0, Bag(("hostname", "a-0"), Advertisement.ToTuple()));
        var beta = ProviderRelation(2, "beta").WithRemoteUnit(3, Bag(("hostname", "b-3"), Advertisement.ToTuple()));

        var isolated = Lead(Isolated, Both(alpha, beta));
        var merged = Lead(null, Both(alpha, beta));

        Assert.Equal("alpha/0", isolated.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.Equal("beta/3", isolated.Output.GetRelation(2).LocalAppData["cluster-bootstrap-unit"]);
        Assert.Equal("alpha/0", merged.Output.GetRelation(1).LocalAppData["cluster-bootstrap-unit"]);
        Assert.False(merged.Output.GetRelation(2).LocalAppData.ContainsKey("cluster-bootstrap-unit"));
    }

    private static string[] MirrorHosts(RelationState relation)
        => relation.LocalUnitData.Keys.Where(k => k.StartsWith("mirror-", StringComparison.Ordinal)).Select(k => k["mirror-".Length..]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A JSON object of the distributor's application databag, read with a JSON parser.</summary>
    private static Dictionary<string, JsonElement> Record(RelationState relation, string key)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(relation.LocalAppData[key])!;
}

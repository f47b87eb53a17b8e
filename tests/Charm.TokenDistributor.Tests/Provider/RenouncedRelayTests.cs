using Charm.Testing;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>
/// The relay of renounced tokens (both sides of this project): the distributor names, in its application databag, the
/// mirrored tokens their hosts renounced, and the communicator re-issues them in its next hook.
/// </summary>
public sealed class RenouncedRelayTests
{
    private static readonly string TokenB = Tokens.Shaped("node-b", 1);

    private static readonly string TokenC = Tokens.Shaped("node-c", 1);

    private readonly ProviderHarness _h = new();

    private static KeyValuePair<string, string>[] Ours(string host, params (string Key, string Value)[] more)
        => [P("hostname", host), Advertisement, .. more.Select(m => P(m.Key, m.Value))];

    private RunResult Changed(RelationState relation)
        => _h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

    [Fact]
    public void The_distributor_relays_the_fingerprint_of_a_mirrored_token_its_host_renounced()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a", ("mirror", "up"), ("mirror-node-b", TokenB), ("mirror-node-c", TokenC), ("cluster-member", "yes"), ("cluster-fingerprint", Tokens.ClusterFingerprint)))
            .WithRemoteUnit(1, Ours("node-b", ("renounced-tokens", "0123456789abcdef," + JoinTokens.Fingerprint(TokenB))))
            .WithRemoteUnit(2, Ours("node-c", ("renounced-tokens", JoinTokens.Fingerprint(TokenB))))
            .WithLocalAppData(Bag(("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        // node-c renounced node-b's token, not its own: only a host's own renunciation counts.
        Assert.Equal(JoinTokens.Fingerprint(TokenB), result.Output.GetRelation(1).LocalAppData["cluster-renounced-tokens"]);
    }

    [Fact]
    public void Once_the_new_token_is_mirrored_the_relay_is_removed()
    {
        var fresh = Tokens.Shaped("node-b", 2);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Ours("node-a", ("mirror", "up"), ("mirror-node-b", fresh), ("cluster-member", "yes"), ("cluster-fingerprint", Tokens.ClusterFingerprint)))
            .WithRemoteUnit(1, Ours("node-b", ("renounced-tokens", JoinTokens.Fingerprint(TokenB))))
            .WithLocalUnitData(OurMirror(("node-a", "empty"), ("node-b", TokenB)))
            .WithLocalAppData(Bag(("cluster-renounced-tokens", JoinTokens.Fingerprint(TokenB)), ("cluster-bootstrap-unit", "workload/0")));

        var result = Changed(relation);

        Assert.Equal(fresh, result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-renounced-tokens"));
    }

    [Fact]
    public void With_seed_consumers_the_relay_never_appears()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", TokenB)))
            .WithRemoteUnit(1, Bag(("hostname", "node-b")));

        var result = Changed(relation);

        Assert.False(result.Output.GetRelation(1).LocalAppData.ContainsKey("cluster-renounced-tokens"));
        Assert.DoesNotContain(result.RelationSets, c => c.Data!.ContainsKey("cluster-renounced-tokens"));
    }

    [Fact]
    public void The_communicator_re_issues_a_relayed_token_in_its_next_hook_not_a_lifetime_later()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a");
        var first = h.Cluster.Issue("node-b");

        // node-b found it expired (microcluster deletes expired token records when it issues the next one).
        h.Cluster.ExpireTokens();
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", first)))
            .WithRemoteAppData(Bag(("cluster-renounced-tokens", JoinTokens.Fingerprint(first))))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-a", "joined"), ("mirror-node-b", first), Advertisement.ToTuple()));
        var issuedJustNow = Issued(("node-b", MicroclusterNodes.Start));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster(("issued-tokens", issuedJustNow))).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal(["list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.NotEqual(first, own["mirror-node-b"]);
        Assert.True(JoinTokens.LooksLikeToken(own["mirror-node-b"]!));
    }

    [Fact]
    public void The_communicator_re_issues_a_relayed_token_another_unit_issued()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a");
        var adopted = h.Cluster.Issue("node-b");
        h.Cluster.ExpireTokens();
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", adopted)))
            .WithRemoteAppData(Bag(("cluster-renounced-tokens", JoinTokens.Fingerprint(adopted))))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-a", "joined"), Advertisement.ToTuple()));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(["list", "add"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.NotEqual(adopted, result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
    }

    [Fact]
    public void A_relay_naming_an_older_token_than_the_one_the_communicator_holds_issues_nothing()
    {
        var cluster = new MicroclusterNodes().With("node-a");
        var h = new ConsumerHarness(hostName: "node-a", cluster: cluster, hookClock: cluster.Time);
        var old = Tokens.Shaped("node-b", 7);
        var current = h.Cluster.Issue("node-b");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", old)))
            .WithRemoteAppData(Bag(("cluster-renounced-tokens", JoinTokens.Fingerprint(old))))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-a", "joined"), ("mirror-node-b", current), Advertisement.ToTuple()));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-b", MicroclusterNodes.Start))))).EnsureSuccess();

        Assert.Equal(["list"], result.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(current, result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
    }

    [Fact]
    public void The_consumer_reads_the_hooks_clock_when_its_options_leave_the_clock_alone()
    {
        // No TimeProvider in the options: the token lifetime runs on the framework's clock (here the cluster's).
        var cluster = new MicroclusterNodes().With("node-a");
        var h = new ConsumerHarness(hostName: "node-a", cluster: cluster, hookClock: cluster.Time);
        var token = cluster.Issue("node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)))
            .WithLocalUnitData(Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", token), Advertisement.ToTuple()));
        var state = h.State().WithRelation(relation).InCluster(("issued-tokens", Issued(("node-b", MicroclusterNodes.Start))));

        var early = h.Run(Hook.RelationChanged(relation, 0), state).EnsureSuccess();
        cluster.Clock.Advance(TimeSpan.FromHours(3));
        var late = h.Run(Hook.RelationChanged(relation, 0), state).EnsureSuccess();

        Assert.Equal(["list"], early.ProcessCalls.Select(c => c.Arguments[0]));
        Assert.Equal(["list", "add"], late.ProcessCalls.Select(c => c.Arguments[0]));
    }
}

using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>
/// The cluster-binding extension on the consumer (docs/protocol.md, "The cluster-binding extension"; issue 17, finding 1).
/// Fact (canonical/microcluster internal/rest/types/tokens.go, type Token): a join token is base64 of JSON with
/// <c>secret</c>, <c>fingerprint</c> (the cluster certificate's, so a joiner can check the cluster's public key) and
/// <c>join_addresses</c>; the fake cluster mints tokens of that shape with its own certificate's fingerprint.
/// </summary>
public sealed class ClusterBindingTests
{
    private static RelationState Granted(IEnumerable<KeyValuePair<string, string>> mirror, string? bound, string grantee = "workload/0")
    {
        var app = new List<(string, string)> { ("bootstrap-app", "workload"), ("cluster-bootstrap-unit", grantee) };
        if (bound is not null)
        {
            app.Add(("cluster-bound-fingerprint", bound));
        }

        return ConsumerRelationWith(mirror).WithRemoteAppData(Bag([.. app]));
    }

    [Fact]
    public void A_token_of_another_cluster_is_refused_renounced_and_never_run()
    {
        var h = new ConsumerHarness(unitName: "workload/1", hostName: "node-b");
        var bound = JoinTokens.ClusterFingerprintOf(h.Cluster.With("node-a").Issue("node-x"))!;
        var foreign = Tokens.Shaped("node-b", 7);
        Assert.NotEqual(bound, JoinTokens.ClusterFingerprintOf(foreign));
        var relation = Granted(OurMirror(("node-a", "joined"), ("node-b", foreign)), bound);

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "join");
        Assert.False(result.Output.StoredInCluster());
        Assert.Equal(Status.Waiting(Joiner.ForeignTokenMessage), result.Output.UnitStatus);
        Assert.Equal(JoinTokens.Fingerprint(foreign), result.Output.GetRelation(1).LocalUnitData["renounced-tokens"]);
        Assert.Contains(result.Logs, l => l.Message.Contains("is for another cluster", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_of_the_relayed_cluster_is_used_and_the_new_member_reports_the_fingerprint()
    {
        var h = new ConsumerHarness(unitName: "workload/1", hostName: "node-b");
        var token = h.Cluster.With("node-a").Issue("node-b");
        var bound = JoinTokens.ClusterFingerprintOf(token)!;
        var relation = Granted(OurMirror(("node-a", "joined"), ("node-b", token)), bound);

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(bound, result.Output.GetRelation(1).LocalUnitData["cluster-fingerprint"]);
        Assert.Equal("yes", result.Output.GetRelation(1).LocalUnitData["cluster-member"]);
    }

    [Fact]
    public void Under_the_grant_a_unit_waits_for_the_relayed_fingerprint_before_joining()
    {
        var h = new ConsumerHarness(unitName: "workload/1", hostName: "node-b");
        var token = h.Cluster.With("node-a").Issue("node-b");
        var relation = Granted(OurMirror(("node-a", "empty"), ("node-b", token)), bound: null);

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "join");
        Assert.Equal(Status.Waiting(Joiner.WaitingForFingerprintMessage), result.Output.UnitStatus);
        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("renounced-tokens"));
    }

    [Fact]
    public void The_binding_is_off_with_a_v0_distributor_even_when_its_application_databag_holds_a_fingerprint()
    {
        // A seed or v0.8 distributor lists no extension: the consumer behaves as today and uses the mirrored token.
        var h = new ConsumerHarness(unitName: "workload/1", hostName: "node-b");
        var token = h.Cluster.With("node-a").Issue("node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)))
            .WithRemoteAppData(Bag(("cluster-bound-fingerprint", new string('0', 64))));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Contains(result.ProcessCalls, c => c.Arguments[0] == "join");
        Assert.True(result.Output.StoredInCluster());
        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("cluster-fingerprint"));
    }

    [Fact]
    public void The_unit_the_grant_names_does_not_bootstrap_while_a_cluster_fingerprint_is_relayed()
    {
        // No second bootstrap: a relayed fingerprint says members of a cluster report it, even with an empty mirror.
        var h = new ConsumerHarness(unitName: "workload/0", hostName: "node-a");
        var relation = Granted(OurMirror(("node-a", "empty")), new string('a', 64));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "bootstrap");
        Assert.False(result.Output.StoredInCluster());
    }

    [Fact]
    public void A_member_from_before_the_extension_says_it_knows_no_fingerprint_and_a_fresh_bootstrapper_says_nothing()
    {
        var h = new ConsumerHarness(unitName: "workload/0", hostName: "node-a");
        h.Cluster.With("node-a");
        var relation = Granted(OurMirror(("node-a", "empty")), bound: null);

        var upgraded = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation).InCluster()).EnsureSuccess();
        var fresh = new ConsumerHarness(unitName: "workload/0", hostName: "node-a");
        var bootstrapped = fresh.Run(Hook.RelationChanged(relation, 0), fresh.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal("unknown", upgraded.Output.GetRelation(1).LocalUnitData["cluster-fingerprint"]);
        Assert.Contains(bootstrapped.ProcessCalls, c => c.Arguments[0] == "bootstrap");
        Assert.True(bootstrapped.Output.StoredInCluster());
        Assert.False(bootstrapped.Output.GetRelation(1).LocalUnitData.ContainsKey("cluster-fingerprint"));
    }

    [Fact]
    public void The_communicator_reports_the_fingerprint_of_the_tokens_its_daemon_mints()
    {
        var h = new ConsumerHarness(unitName: "workload/0", hostName: "node-a");
        h.Cluster.With("node-a");
        var relation = Granted(OurMirror(("node-a", "empty"), ("node-b", "empty")), bound: null);

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation).InCluster()).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal(JoinTokens.ClusterFingerprintOf(own["mirror-node-b"]), own["cluster-fingerprint"]);
        Assert.True(JoinTokens.IsClusterFingerprint(own["cluster-fingerprint"]));
    }
}

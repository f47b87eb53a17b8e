using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>docs/security.md: what a consumer believes from the CLI and from remote units.</summary>
public sealed class ConsumerTrustTests
{
    // Fact (canonical/microcluster internal/rest/resources/control.go, controlPost): a daemon whose database is not
    // "not ready" refuses bootstrap and join alike with "Unable to initialize cluster: <status>"; it says nothing of
    // which cluster the node is in.
    private const string AlreadyInitialised = "Error: Unable to initialize cluster: Database is online\n";

    [Fact]
    public void Already_initialised_after_join_is_not_recorded_when_the_member_list_does_not_show_this_host()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        var token = h.Cluster.With("node-a").Issue("node-b");
        h.Cluster.Fail("join", AlreadyInitialised);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.False(result.Output.StoredInCluster());
        Assert.Equal(Status.Blocked("Joining cluster failed"), result.Output.UnitStatus);
        Assert.Single(result.Output.Deferred);
        Assert.Contains(result.ProcessCalls, c => c.Arguments.SequenceEqual(["list", "-f", "json"]));
        Assert.DoesNotContain("joined", h.Recorder.Names);
    }

    [Fact]
    public void Already_initialised_after_join_is_recorded_once_the_member_list_shows_this_host()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        var token = h.Cluster.With("node-a", "node-b").Issue("node-c");
        h.Cluster.Fail("join", AlreadyInitialised);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token)));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.True(result.Output.StoredInCluster());
        Assert.Equal(Status.Active("Joined cluster"), result.Output.UnitStatus);
    }

    [Fact]
    public void The_communicator_runs_at_most_the_cap_of_add_calls_per_hook_and_issues_the_rest_in_later_hooks()
    {
        // Issue 17, finding 2: 2,000 placeholders made one hook run 504 add calls.
        var h = new ConsumerHarness(hostName: "node-a", options: new TokenConsumerOptions { MaxTokensPerHook = 3 });
        h.Cluster.With("node-a");
        var hosts = Enumerable.Range(0, 7).Select(i => "h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var relation = ConsumerRelationWith(SeedMirror([("node-a", "empty"), .. hosts.Select(x => (x, "empty"))]));

        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(3, first.ProcessCalls.Count(c => c.Arguments[0] == "add"));
        Assert.Single(first.Output.Deferred);
        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();
        Assert.Equal(3, second.ProcessCalls.Count(c => c.Arguments[0] == "add"));
        var third = h.Run(Hook.RelationChanged(relation, 0), second.Output).EnsureSuccess();
        Assert.Equal(1, third.ProcessCalls.Count(c => c.Arguments[0] == "add"));
        Assert.All(hosts, x => Assert.True(third.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-" + x)));
        Assert.Empty(third.Output.Deferred);
    }

    [Fact]
    public void A_name_the_daemon_refuses_is_remembered_and_never_tried_again()
    {
        var h = new ConsumerHarness(hostName: "node-a");
        h.Cluster.With("node-a");
        // A label that is a number passes our check; newer LXD validators refuse it ("Name cannot be a number").
        h.Cluster.Fail("add", "Error: Token name \"123\" is not a valid FQDN: Name cannot be a number\n");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("123", "empty")));

        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();
        h.Cluster.Heal();
        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();

        Assert.Single(first.ProcessCalls, c => c.Arguments[0] == "add");
        Assert.DoesNotContain(second.ProcessCalls, c => c.Arguments[0] == "add");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_token_another_unit_offered_is_taken_over_only_for_a_host_the_distributor_records(bool recorded)
    {
        // docs/security.md, R-2: any mirror=up unit can get a token mirrored for a host nobody runs; re-issuing it would put
        // a genuine token for that name where every related unit reads it. Renounced, it is re-issued at once if taken over.
        var h = new ConsumerHarness(hostName: "node-a");
        var offered = h.Cluster.With("node-a").Issue("ghost");
        (string, string)[] hosts = recorded ? [("node-a", "workload/0"), ("ghost", "workload/7")] : [("node-a", "workload/0")];
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("ghost", offered)))
            .WithRemoteAppData(Bag(("bootstrap-app", "workload"), ("cluster-host-units", HostUnits(hosts)), ("cluster-renounced-tokens", Charm.TokenDistributor.Protocol.JoinTokens.Fingerprint(offered))));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal(recorded, result.ProcessCalls.Any(c => c.Arguments.SequenceEqual(["add", "ghost"])));
    }

    [Fact]
    public void The_unit_the_grant_names_does_not_bootstrap_when_the_mirror_shows_a_cluster_exists()
    {
        // Issue 17, finding 4: a joined marker and a mirrored token next to the grant made a second cluster.
        var h = new ConsumerHarness(unitName: "workload/1", hostName: "node-b");
        var relation = ConsumerRelationWith(OurMirror(("node-a", "joined"), ("node-b", "empty")))
            .WithRemoteAppData(Bag(("bootstrap-app", "workload"), ("cluster-bootstrap-unit", "workload/1")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.DoesNotContain(result.ProcessCalls, c => c.Arguments[0] == "bootstrap");
        Assert.False(result.Output.StoredInCluster());
        Assert.Contains(result.Logs, l => l.Message.StartsWith("not bootstrapping although the distributor's grant names workload/1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_distributor_unit_that_is_not_the_mirror_cannot_turn_the_bootstrap_grant_on()
    {
        // Issue 17, finding 4: one non-mirror unit advertising bootstrap-grant next to a seed leader meant no bootstrap ever.
        var h = new ConsumerHarness(hostName: "node-a");
        var relation = ConsumerRelation()
            .WithRemoteUnit(0, SeedMirror(("node-a", "empty")))
            .WithRemoteUnit(1, Bag(("mirror", "down"), ("token-distributor-extensions", "consumed-tokens,bootstrap-grant")));

        var result = h.Run(Hook.RelationChanged(relation, 1), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
    }
}

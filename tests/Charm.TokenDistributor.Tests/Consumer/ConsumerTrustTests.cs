using Charm.Framework.Model;
using Charm.Testing;
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
}

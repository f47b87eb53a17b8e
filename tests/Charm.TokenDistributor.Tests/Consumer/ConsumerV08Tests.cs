using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>The consumer's v0.8 behaviours: bootstrap-app gating and the safe mirror-down.</summary>
public sealed class ConsumerV08Tests
{
    // ---------- bootstrap-app gating ----------

    [Fact]
    public void A_leader_bootstraps_when_bootstrap_app_names_its_own_application()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(OurMirrorWithoutGrant(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
        Assert.True(result.Output.StoredInCluster());
    }

    [Fact]
    public void A_leader_does_not_bootstrap_when_bootstrap_app_names_another_application()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "other-workload")));

        var joined = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();
        var changed = h.Run(Hook.RelationChanged(relation, 0), joined.Output).EnsureSuccess();

        Assert.Empty(joined.ProcessCalls);
        Assert.Empty(changed.ProcessCalls);
        Assert.Empty(h.Recorder.Events);
        Assert.Equal(Status.Maintenance("Token not in mirror"), changed.Output.UnitStatus);
    }

    [Fact]
    public void Bootstrap_app_is_compared_exactly()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "Workload")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
    }

    [Fact]
    public void With_a_seed_provider_no_bootstrap_app_and_no_advertisement_the_leader_bootstraps()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["bootstrap"], result.ProcessCalls[0].Arguments);
    }

    [Fact]
    public void With_a_provider_that_advertises_extensions_but_has_not_named_bootstrap_app_the_leader_waits()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(OurMirrorWithoutGrant(("node-a", "empty")));

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Status.Waiting("Waiting for the distributor to choose the bootstrap application"), result.Output.UnitStatus);
        Assert.False(result.Output.StoredInCluster());
    }

    [Fact]
    public void A_leader_does_not_bootstrap_before_the_distributor_has_said_anything()
    {
        // relation-joined can run before the distributor's leader wrote anything: whether it will name another
        // application in bootstrap-app is not known yet, so bootstrapping now could start a second cluster.
        var h = new ConsumerHarness();
        var relation = ConsumerRelation().WithRemoteUnit(0);

        var result = h.Run(Hook.RelationJoined(relation, 0), h.State(leader: true).WithRelation(relation)).EnsureSuccess();

        Assert.Empty(result.ProcessCalls);
        Assert.False(result.Output.StoredInCluster());
        Assert.Equal(Status.Waiting("Waiting for the token distributor"), result.Output.UnitStatus);
    }

    [Fact]
    public void Two_consumer_applications_on_one_distributor_form_one_cluster()
    {
        // The distributor named workload-b; workload's leader must not bootstrap even though it sees no data at all.
        var h = new ConsumerHarness();
        var beforeDistributorSpoke = ConsumerRelation().WithRemoteUnit(0);
        var afterDistributorSpoke = ConsumerRelationWith(OurMirror(("node-a", "empty"), ("node-z", "empty"))).WithRemoteAppData(Bag(("bootstrap-app", "workload-b")));

        var first = h.Run(Hook.RelationJoined(beforeDistributorSpoke, 0), h.State(leader: true).WithRelation(beforeDistributorSpoke)).EnsureSuccess();
        var second = h.Run(Hook.RelationChanged(afterDistributorSpoke, 0), first.Output.WithRelation(afterDistributorSpoke)).EnsureSuccess();

        Assert.Equal(0, h.Cluster.Count("bootstrap"));
        Assert.Equal(Status.Maintenance("Token not in mirror"), second.Output.UnitStatus);
    }

    // ---------- safe mirror-down ----------

    [Fact]
    public void A_non_communicator_keeps_its_mirror_up_while_it_holds_a_token_the_distributor_only_has_as_empty()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "empty")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    [Fact]
    public void A_non_communicator_keeps_its_mirror_up_while_it_holds_a_key_the_distributor_lacks()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-ca-cert", "PEM")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("up", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    /// <summary>v0.8's safe mirror-down goes back up only for a key the mirrors hold as empty; another real value there is no reason.</summary>
    [Fact]
    public void A_non_communicator_takes_its_mirror_down_when_the_distributor_holds_another_real_token_for_its_key()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "tokC-new")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC-old")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        Assert.Equal("down", result.Output.GetRelation(1).LocalUnitData["mirror"]);
    }

    [Fact]
    public void A_non_communicator_takes_its_mirror_down_once_the_distributor_holds_all_its_values()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "tokC"), ("ca-cert", "PEM")))
            .WithLocalUnitData(Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC"), ("mirror-ca-cert", "PEM")));

        var result = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("down", own["mirror"]);
        Assert.Equal("tokC", own["mirror-node-c"]);
    }

    // ---------- the v0.8 provider never replaces a held token (its merge records its own databag first) ----------

    private const string KeptByV08 = "Join token was rejected; the distributor keeps it until its leader changes: add a distributor unit, then remove its leader";

    [Fact]
    public void Next_to_a_v08_distributor_a_rejected_token_makes_the_unit_say_the_distributor_keeps_it_and_what_to_do()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        // The daemon's text for an expired token (canonical/microcluster internal/rest/resources/cluster.go, control.go).
        h.Cluster.Fail("join", "Error: 1 join attempts were unsuccessful. Last error: Token expired\n");
        var token = Tokens.Shaped("node-b", 3);
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", token))).WithRemoteAppData(Bag(("bootstrap-app", "workload")));

        var first = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var second = h.Run(Hook.RelationChanged(relation, 0), first.Output).EnsureSuccess();

        Assert.Equal(Status.Waiting(KeptByV08), first.Output.UnitStatus);
        Assert.Equal(Status.Waiting(KeptByV08), second.Output.UnitStatus);
        Assert.Empty(second.ProcessCalls);
        Assert.Contains(first.Logs, l => l.Message.Contains("leadership moves", StringComparison.Ordinal) && !l.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void Once_the_v08_distributors_leadership_moved_the_new_leaders_token_is_joined_with()
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a");
        var stale = h.Cluster.Issue("node-b");
        h.Cluster.ExpireTokens();
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", stale))).WithRemoteAppData(Bag(("bootstrap-app", "workload")));
        var refused = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var fresh = h.Cluster.Issue("node-b");

        // The former leader says down and still holds the stale token; the new leader (unit 1) took the communicator's token.
        var moved = ConsumerRelation()
            .WithRemoteUnit(0, Bag(("mirror", "down"), ("mirror-node-a", "empty"), ("mirror-node-b", stale)))
            .WithRemoteUnit(1, SeedMirror(("node-a", "empty"), ("node-b", fresh)))
            .WithRemoteAppData(Bag(("bootstrap-app", "workload")));
        var joined = h.Run(Hook.RelationChanged(moved, 1), refused.Output.WithRelation(moved)).EnsureSuccess();

        Assert.Equal(Status.Waiting(KeptByV08), refused.Output.UnitStatus);
        Assert.Equal(["join", fresh], joined.ProcessCalls[0].Arguments);
        Assert.Equal(Status.Active("Joined cluster"), joined.Output.UnitStatus);
    }

    /// <summary>Neither the seed nor v0.8 provider ever deletes a key: a removed unit's host stays mirrored.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_a_distributor_that_never_prunes_no_token_is_minted_for_a_host_that_left_the_cluster(bool v08)
    {
        var h = new ConsumerHarness(hostName: "node-b");
        h.Cluster.With("node-a", "node-b", "node-c");
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty"), ("node-c", "tokC-used")));
        relation = v08 ? relation.WithRemoteAppData(Bag(("bootstrap-app", "workload"))) : relation;
        var before = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation).InCluster()).EnsureSuccess();

        // node-a (the communicator) and node-c leave the cluster; node-b is the communicator now.
        h.Cluster.Daemon.Execute("node-c", ["remove", "node-c"]);
        h.Cluster.Daemon.Execute("node-a", ["remove", "node-a"]);
        h.Cluster.Settle();
        Assert.Equal(["node-b"], h.Cluster.Members.Select(m => m.Name));
        var after = h.Run(Hook.RelationChanged(relation, 0), before.Output.WithRelation(relation)).EnsureSuccess();
        h.Cluster.Clock.Advance(TimeSpan.FromHours(4));
        var later = h.Run(Hook.RelationChanged(relation, 0), after.Output.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("up", after.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.DoesNotContain(after.ProcessCalls.Concat(later.ProcessCalls), c => c.Arguments[0] == "add");
    }
}

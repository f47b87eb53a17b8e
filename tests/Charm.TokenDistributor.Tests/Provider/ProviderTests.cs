using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>The distributor's behaviours: the seed's (leader-elected, relation-changed, the mirror step) and v0.8's.</summary>
public sealed class ProviderTests
{
    private readonly ProviderHarness _h = new();

    /// <summary>A consumer application's relation as seed consumers write it: unit 0 is the communicator (node-a), unit 1 waits (node-b).</summary>
    private static RelationState Workload(int id = 1, string app = WorkloadApp, string communicatorHost = "node-a", string joinerHost = "node-b", string token = "tokB")
        => ProviderRelation(id, app)
            .WithRemoteUnit(0, Bag(("hostname", communicatorHost), ("mirror", "up"), ("mirror-" + joinerHost, token)))
            .WithRemoteUnit(1, Bag(("hostname", joinerHost)));

    /// <summary>
    /// A communicator of this project from before the cluster binding (it lists consumed-tokens only): its values are not
    /// checked against a cluster fingerprint (<c>Provenance</c>), so a test of the replacement rule can use short values.
    /// </summary>
    private static readonly (string, string) ConsumedTokensOnly = ("token-distributor-extensions", "consumed-tokens");

    private static State Leader(params RelationState[] relations)
        => relations.Aggregate(new State { Leader = true }, (s, r) => s.WithRelation(r));

    private static State NonLeader(params RelationState[] relations)
        => relations.Aggregate(new State { Leader = false }, (s, r) => s.WithRelation(r));

    // ---------- seed: leader-elected ----------

    [Fact]
    public void Leader_elected_puts_the_leaders_mirror_up_and_mirrors()
    {
        var result = _h.Run(Hook.LeaderElected, Leader(Workload())).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("up", own["mirror"]);
        Assert.Equal("empty", own["mirror-node-a"]);
        Assert.Equal("tokB", own["mirror-node-b"]);
    }

    [Fact]
    public void Leader_elected_on_a_non_leader_takes_a_set_mirror_down()
    {
        var relation = Workload().WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-a", "empty")));

        var result = _h.Run(Hook.LeaderElected, NonLeader(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("down", own["mirror"]);
        Assert.Equal("empty", own["mirror-node-a"]);
        Assert.Empty(result.Output.GetRelation(1).LocalAppData);
    }

    [Fact]
    public void Leader_elected_on_a_non_leader_without_a_mirror_key_does_not_set_one()
    {
        var result = _h.Run(Hook.LeaderElected, NonLeader(Workload())).EnsureSuccess();

        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror"));
    }

    [Fact]
    public void Leader_elected_without_a_relation_does_nothing()
    {
        var result = _h.Run(Hook.LeaderElected, new State { Leader = true }).EnsureSuccess();

        Assert.Empty(result.RelationSets);
    }

    // ---------- seed: relation-changed, the mirror step ----------

    [Fact]
    public void Relation_changed_on_the_leader_copies_mirror_keys_from_mirror_up_units_and_adds_an_empty_key_per_host_name()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "tokB"), ("mirror-ca-cert", "PEM")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b")))
            .WithRemoteUnit(2, Bag(("hostname", "node-c"), ("mirror", "down"), ("mirror-node-c", "not-copied")))
            .WithRemoteUnit(3, Bag(("mirror-node-d", "no-mirror-key-not-copied")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal(
            Exactly(("mirror", "up"), ("mirror-ca-cert", "PEM"), ("mirror-node-a", "empty"), ("mirror-node-b", "tokB"), ("mirror-node-c", "empty"), Advertisement.ToTuple()),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Contains(result.Logs, l => l.Message == "added mirror-node-a to mirror");
    }

    [Fact]
    public void An_existing_empty_key_is_kept_and_not_rewritten()
    {
        var relation = Workload().WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", "tokB"), Advertisement.ToTuple()));

        var result = _h.Run(Hook.RelationChanged(relation, 1), Leader(relation)).EnsureSuccess();

        Assert.DoesNotContain(result.RelationSets, c => !c.Arguments.Contains("--app", StringComparison.Ordinal));
    }

    [Fact]
    public void Relation_changed_on_a_non_leader_takes_a_set_mirror_down_and_copies_nothing()
    {
        var relation = Workload().WithLocalUnitData(Bag(("mirror", "up")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), NonLeader(relation)).EnsureSuccess();

        Assert.Equal(Exactly(("mirror", "down"), Advertisement.ToTuple()), Sorted(result.Output.GetRelation(1).LocalUnitData));
    }

    [Fact]
    public void Odd_host_names_dots_dashes_upper_case_and_unicode_are_mirrored_verbatim()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "Node-A.maas.example")))
            .WithRemoteUnit(1, Bag(("hostname", "rechner-ü-01")))
            .WithRemoteUnit(2, Bag(("hostname", "x--y..z")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("empty", own["mirror-Node-A.maas.example"]);
        Assert.Equal("empty", own["mirror-rechner-ü-01"]);
        Assert.Equal("empty", own["mirror-x--y..z"]);
    }

    // ---------- v0.8: only keys that start with mirror- ----------

    [Fact]
    public void Only_keys_that_start_with_mirror_are_copied()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("data-mirror-x", "seed-would-copy"), ("Mirror-y", "case"), ("mirror-node-b", "tokB")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.False(own.ContainsKey("data-mirror-x"));
        Assert.False(own.ContainsKey("Mirror-y"));
        Assert.Equal("tokB", own["mirror-node-b"]);
    }

    // ---------- v0.8: real tokens against the placeholder ----------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_real_token_wins_over_empty_whichever_unit_comes_first(bool realFirst)
    {
        var empty = Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "empty"));
        var real = Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC"));
        var relation = ProviderRelation().WithRemoteUnit(0, realFirst ? real : empty).WithRemoteUnit(1, realFirst ? empty : real);

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal("tokC", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    [Fact]
    public void A_held_real_token_is_never_replaced_by_empty()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "empty")))
            .WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-c", "tokC")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal("tokC", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    /// <summary>v0.8's provider never replaces a real value it holds (its merge records its own databag first and only upgrades <c>empty</c>).</summary>
    [Fact]
    public void A_v0_communicators_different_real_token_does_not_replace_the_held_one_as_in_v08()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "tokC-2")))
            .WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-c", "tokC-1")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal("tokC-1", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
        Assert.Equal(V08Output(relation)["mirror-node-c"], result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    /// <summary>v0.8 takes the first value seen among communicators that disagree on a new key (no majority).</summary>
    [Fact]
    public void Among_v0_communicators_that_disagree_the_first_value_seen_wins_as_in_v08()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "tokC-1")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC-2")))
            .WithRemoteUnit(2, Bag(("hostname", "node-d"), ("mirror", "up"), ("mirror-node-c", "tokC-2")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal("tokC-1", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
        Assert.Equal(V08Output(relation)["mirror-node-c"], result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    [Fact]
    public void A_communicator_that_negotiated_consumed_tokens_replaces_the_held_token_with_its_new_one()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "tokC-2"), ConsumedTokensOnly))
            .WithLocalUnitData(Bag(("mirror", "up"), ("mirror-node-c", "tokC-1")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal("tokC-2", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    [Fact]
    public void A_negotiating_communicators_value_wins_over_a_v0_communicators()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "tokC-old")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC-new"), ConsumedTokensOnly));

        var result = _h.Run(Hook.RelationChanged(relation, 0), Leader(relation)).EnsureSuccess();

        Assert.Equal("tokC-new", result.Output.GetRelation(1).LocalUnitData["mirror-node-c"]);
    }

    /// <summary>What the v0.8 provider model writes for the same input.</summary>
    private static Dictionary<string, string> V08Output(RelationState relation)
    {
        var v08 = new Interop.V08Library.ProviderRelation(
            new Dictionary<string, string>(relation.LocalUnitData, StringComparer.Ordinal),
            relation.RemoteUnitsData.Values.Select(u => (IReadOnlyDictionary<string, string>)u).ToArray(),
            new Dictionary<string, string>(StringComparer.Ordinal),
            relation.RemoteApp);
        Interop.V08Library.ProviderStep([v08]);
        return v08.Own;
    }

    // ---------- v0.8: several relations ----------

    [Fact]
    public void The_mirror_step_merges_every_relation_of_the_endpoint_into_each_relations_databag()
    {
        var a = ProviderRelation(3, "workload-a")
            .WithRemoteUnit(0, Bag(("hostname", "node-a")));
        var b = ProviderRelation(5, "workload-b")
            .WithRemoteUnit(0, Bag(("hostname", "node-x")))
            .WithRemoteUnit(1, Bag(("hostname", "node-y"), ("mirror", "up"), ("mirror-node-x", "tokX")));

        var result = _h.Run(Hook.RelationChanged(b, 1), Leader(a, b)).EnsureSuccess();

        var expected = Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-x", "tokX"), ("mirror-node-y", "empty"), Advertisement.ToTuple());
        Assert.Equal(expected, Sorted(result.Output.GetRelation(3).LocalUnitData));
        Assert.Equal(expected, Sorted(result.Output.GetRelation(5).LocalUnitData));
    }

    [Fact]
    public void A_unit_of_one_application_cannot_offer_tokens_or_placeholders_for_another_application_s_hosts()
    {
        // docs/security.md, provenance: a value for a host is mirrored only from the relation whose units publish it.
        var a = ProviderRelation(3, "workload-a")
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-x", "forged"), ("mirror-ghost", "empty")));
        var b = ProviderRelation(5, "workload-b")
            .WithRemoteUnit(0, Bag(("hostname", "node-x")));

        var result = _h.Run(Hook.RelationChanged(a, 0), Leader(a, b)).EnsureSuccess();

        var expected = Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-x", "empty"), Advertisement.ToTuple());
        Assert.Equal(expected, Sorted(result.Output.GetRelation(3).LocalUnitData));
        Assert.Equal(expected, Sorted(result.Output.GetRelation(5).LocalUnitData));
        Assert.Contains(result.Logs, l => l.Message.StartsWith("not mirroring 2 mirror-* key(s) of workload-a/0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_leader_elects_the_application_of_the_first_relation_into_every_relations_app_databag()
    {
        var a = ProviderRelation(4, "workload-a").WithRemoteUnit(0, Bag(("hostname", "node-a")));
        var b = ProviderRelation(2, "workload-b").WithRemoteUnit(0, Bag(("hostname", "node-b")));

        var result = _h.Run(Hook.RelationChanged(a, 0), Leader(a, b)).EnsureSuccess();

        // Both relations also carry the same record of which unit publishes which host.
        var hosts = HostUnits(("node-a", "workload-a/0"), ("node-b", "workload-b/0"));
        Assert.Equal(Exactly(("bootstrap-app", "workload-b"), (HostUnitsKey, hosts)), Sorted(result.Output.GetRelation(2).LocalAppData));
        Assert.Equal(Exactly(("bootstrap-app", "workload-b"), (HostUnitsKey, hosts)), Sorted(result.Output.GetRelation(4).LocalAppData));
    }

    [Fact]
    public void An_elected_bootstrap_app_is_kept_and_copied_to_relations_that_lack_it()
    {
        var a = ProviderRelation(1, "workload-a").WithRemoteUnit(0, Bag(("hostname", "node-a")));
        var b = ProviderRelation(2, "workload-b").WithRemoteUnit(0, Bag(("hostname", "node-b"))).WithLocalAppData(Bag(("bootstrap-app", "workload-b")));

        var result = _h.Run(Hook.RelationChanged(a, 0), Leader(a, b)).EnsureSuccess();

        Assert.Equal("workload-b", result.Output.GetRelation(1).LocalAppData["bootstrap-app"]);
        Assert.Equal("workload-b", result.Output.GetRelation(2).LocalAppData["bootstrap-app"]);
    }

    [Fact]
    public void A_non_leader_with_several_relations_never_touches_an_app_databag()
    {
        var a = ProviderRelation(1, "workload-a").WithRemoteUnit(0, Bag(("hostname", "node-a"))).WithLocalUnitData(Bag(("mirror", "up")));
        var b = ProviderRelation(2, "workload-b").WithRemoteUnit(0, Bag(("hostname", "node-b")));

        var result = _h.Run(Hook.RelationChanged(a, 0), NonLeader(a, b)).EnsureSuccess();

        Assert.DoesNotContain(result.RelationSets, c => c.Arguments.Contains("--app", StringComparison.Ordinal));
        Assert.Equal("down", result.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.False(result.Output.GetRelation(2).LocalUnitData.ContainsKey("mirror"));
    }

    [Fact]
    public void Relation_created_and_leader_settings_changed_run_the_step_too()
    {
        var relation = Workload();

        var created = _h.Run(Hook.RelationCreated(relation), Leader(relation)).EnsureSuccess();
        var settings = _h.Run(Hook.LeaderSettingsChanged, NonLeader(relation.WithLocalUnitData(Bag(("mirror", "up"))))).EnsureSuccess();

        Assert.Equal("up", created.Output.GetRelation(1).LocalUnitData["mirror"]);
        Assert.Equal("down", settings.Output.GetRelation(1).LocalUnitData["mirror"]);
    }
}

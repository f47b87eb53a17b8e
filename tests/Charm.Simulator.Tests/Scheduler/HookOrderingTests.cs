using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>The hook sequences of juju.md ("Hook ordering") for new units and new relations.</summary>
public sealed class HookOrderingTests
{
    [Fact]
    public void ANewUnitRunsInstallLeaderElectedConfigChangedStart()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer), units: 2);

        var result = sim.RunUntilQuiescent();

        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.Equal(["install", "leader-elected", "config-changed", "start"], TestCharms.HooksOf(sim, "app/0"));
        Assert.Equal(["install", "leader-settings-changed", "config-changed", "start"], TestCharms.HooksOf(sim, "app/1"));
        Assert.True(sim.Model.GetUnit("app/0").IsLeader);
        Assert.All(sim.Model.Units, u => Assert.True(u.IsStarted));
    }

    [Fact]
    public void ANewRelationRunsCreatedOnEveryUnitThenJoinedAndChangedPerRemoteUnit()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer), units: 2);
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 1);
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;

        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();

        var id = relation.Number;
        var after = sim.Trace.Skip(before).Where(t => t.Result == HookResult.Succeeded).ToList();
        IReadOnlyList<string> Of(string unit) => [.. after.Where(t => t.Unit == unit).Select(t => t.Hook.Describe())];
        Assert.Equal(
            [$"db-relation-created(db:{id})", $"db-relation-joined(db:{id}, prov/0)", $"db-relation-changed(db:{id}, prov/0)"],
            Of("req/0"));
        Assert.Equal(
            [$"db-relation-created(db:{id})", $"db-relation-joined(db:{id}, prov/0)", $"db-relation-changed(db:{id}, prov/0)"],
            Of("req/1"));
        var provider = Of("prov/0");
        Assert.Equal($"db-relation-created(db:{id})", provider[0]);
        Assert.Equal(5, provider.Count);
        foreach (var remote in new[] { "req/0", "req/1" })
        {
            var joined = provider.ToList().IndexOf($"db-relation-joined(db:{id}, {remote})");
            Assert.True(joined > 0, $"prov/0 never saw {remote} join: {string.Join(", ", provider)}");
            Assert.Equal($"db-relation-changed(db:{id}, {remote})", provider[joined + 1]);
        }

        // Every unit's created hook ran before any joined hook about it ran anywhere.
        foreach (var unit in new[] { "req/0", "req/1", "prov/0" })
        {
            var created = after.FindIndex(t => t.Unit == unit && t.Hook.HookName == "db-relation-created");
            var firstJoinedAboutIt = after.FindIndex(t => t.Hook.RemoteUnit == unit && t.Hook.HookName == "db-relation-joined");
            Assert.True(created < firstJoinedAboutIt, $"{unit}: created at {created}, seen joining at {firstJoinedAboutIt}");
        }

        Assert.Equal(["req/0", "req/1"], relation.UnitsSeenBy("prov/0"));
        Assert.Equal(["prov/0"], relation.UnitsSeenBy("req/1"));
    }

    [Fact]
    public void AUnitAddedToARelatedApplicationGetsCreatedRightAfterInstallAndJoinsAfterStart()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer), units: 1);
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 1);
        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();

        sim.AddUnit("req");
        sim.RunUntilQuiescent();

        var id = relation.Number;
        Assert.Equal(
            ["install", $"db-relation-created(db:{id})", "leader-settings-changed", "config-changed", "start", $"db-relation-joined(db:{id}, prov/0)", $"db-relation-changed(db:{id}, prov/0)"],
            TestCharms.HooksOf(sim, "req/1"));
        Assert.Contains($"db-relation-joined(db:{id}, req/1)", TestCharms.HooksOf(sim, "prov/0"));
    }

    [Fact]
    public void RelationListInsideAHookShowsOnlyUnitsThatJoinedSoFar()
    {
        var seen = new List<string>();
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is Charm.Framework.Events.RelationEvent r)
            {
                seen.Add($"{e.Name}: [{string.Join(",", r.Relation.Units)}]");
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 2);
        sim.Relate("req", "prov");

        sim.RunUntilQuiescent();

        Assert.Equal("db-relation-created: []", seen[0]);
        Assert.Equal("db-relation-joined: [prov/0]", seen[1]);
        Assert.Equal("db-relation-changed: [prov/0]", seen[2]);
        Assert.Equal("db-relation-joined: [prov/0,prov/1]", seen[3]);
        Assert.Equal("db-relation-changed: [prov/0,prov/1]", seen[4]);
    }

    [Fact]
    public void PeerRelationsAreCreatedAtDeployAndUnitsSeeEachOther()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("peer", TestCharms.InProcess(TestCharms.Peered), units: 3);

        sim.RunUntilQuiescent();

        var relation = Assert.Single(sim.Model.Relations);
        Assert.True(relation.IsPeer);
        Assert.Equal(["peer/1", "peer/2"], relation.UnitsSeenBy("peer/0"));
        Assert.Equal(["peer/0", "peer/1"], relation.UnitsSeenBy("peer/2"));
        var hooks = TestCharms.HooksOf(sim, "peer/1");
        Assert.Equal(["install", $"peers-relation-created(peers:{relation.Number})", "leader-settings-changed", "config-changed", "start"], hooks.Take(5));
    }

    [Fact]
    public void AUnitInScopeHasItsAddressSettingsEvenIfItNeverWrote()
    {
        var read = new List<string>();
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (_, e) =>
        {
            if (e is Charm.Framework.Events.RelationChangedEvent changed && changed.RemoteUnit is { } remote)
            {
                read.Add(remote + "=" + changed.Relation.RemoteUnitData(remote)["ingress-address"]);
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 2);
        sim.Relate("req", "prov");

        sim.RunUntilQuiescent();

        Assert.Equal(["prov/0=10.2.0.2", "prov/1=10.2.0.3"], read.Order());
        Assert.DoesNotContain(sim.Trace, t => t.Result != HookResult.Succeeded);
    }
}

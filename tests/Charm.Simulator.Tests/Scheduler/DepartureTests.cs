using Charm.Framework.Events;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>A leaving unit and a removed relation: departed, broken, stop, remove, in Juju's order.</summary>
public sealed class DepartureTests
{
    [Fact]
    public void ALeavingUnitDepartsFromEveryRemoteUnitThenBreaksStopsAndIsRemoved()
    {
        var departing = new List<string>();
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is RelationDepartedEvent d)
            {
                departing.Add($"{charm.Unit.Name}: remote {d.RemoteUnit}, departing {d.DepartingUnit}, units [{string.Join(",", d.Relation.Units)}]");
            }
        }), units: 2);
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 2);
        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;
        var id = relation.Number;

        sim.RemoveUnit("prov/1");
        Assert.Equal(UnitLife.Dying, sim.Model.GetUnit("prov/1").Life);
        sim.RunUntilQuiescent();

        var after = sim.Trace.Skip(before).ToList();
        Assert.Equal(
            [$"db-relation-departed(db:{id}, req/0, departing prov/1)", $"db-relation-departed(db:{id}, req/1, departing prov/1)", $"db-relation-broken(db:{id})", "stop", "remove"],
            after.Where(t => t.Unit == "prov/1").Select(t => t.Hook.Describe()));
        foreach (var unit in new[] { "req/0", "req/1" })
        {
            Assert.Equal([$"db-relation-departed(db:{id}, prov/1, departing prov/1)"], after.Where(t => t.Unit == unit).Select(t => t.Hook.Describe()));
        }

        Assert.DoesNotContain(after, t => t.Unit == "prov/0");
        Assert.Contains("req/0: remote prov/1, departing prov/1, units [prov/0]", departing);
        Assert.Null(sim.Model.FindUnit("prov/1"));
        Assert.Equal(["req/0", "req/1"], relation.UnitsSeenBy("prov/0"));
        Assert.Equal(["prov/0"], relation.UnitsSeenBy("req/0"));
    }

    [Fact]
    public void ARemovedRelationDepartsAndBreaksOnEveryUnitAndThenIsGone()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider));
        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;

        sim.RemoveRelation(relation.Number);
        sim.RunUntilQuiescent();

        var id = relation.Number;
        var after = sim.Trace.Skip(before).ToList();
        Assert.Equal([$"db-relation-departed(db:{id}, prov/0, departing prov/0)", $"db-relation-broken(db:{id})"], after.Where(t => t.Unit == "req/0").Select(t => t.Hook.Describe()));
        Assert.Equal([$"db-relation-departed(db:{id}, req/0, departing req/0)", $"db-relation-broken(db:{id})"], after.Where(t => t.Unit == "prov/0").Select(t => t.Hook.Describe()));
        Assert.True(relation.IsRemoved);
        Assert.Empty(sim.Model.Relations);
    }

    [Fact]
    // Juju's relation-ids lists the relation being broken (it is dying); ops leaves it out of Model.relations
    // (Model(broken_relation_id=…)), and so does the framework: the charm sees no relation on the endpoint.
    public void TheFrameworkLeavesOutTheRelationBeingBrokenAsOpsDoes()
    {
        var seen = new List<int>();
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is RelationBrokenEvent)
            {
                seen.Add(charm.Model.Relations("db").Count);
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider));
        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();

        sim.RemoveRelation(relation.Number);
        sim.RunUntilQuiescent();

        Assert.Equal([0], seen);
    }
}

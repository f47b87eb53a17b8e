using Charm.Framework.Events;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>Databag writes reach remote units as relation-changed, and pending identical changes coalesce.</summary>
public sealed class CoalescingTests
{
    [Fact]
    public void SeveralWritesBeforeTheReaderRunsYieldOneRelationChanged()
    {
        var counter = 0;
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is UpdateStatusEvent && charm.Model.GetRelation("db") is { } relation)
            {
                relation.LocalUnitData["n"] = (++counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider));
        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;
        var coalescedBefore = sim.CoalescedHooks;

        // Three successful writes by req/0 while prov/0 does not get to run.
        for (var i = 0; i < 3; i++)
        {
            sim.TriggerUpdateStatus("req/0");
            var entry = sim.Step("req/0");
            Assert.NotNull(entry);
            Assert.Single(entry.Changes);
        }

        var pending = sim.Model.GetUnit("prov/0").PendingHooks;
        var changed = Assert.Single(pending);
        Assert.Equal(new HookInvocation("prov/0", EventKey.RelationChanged("db"), relation.IdFor("prov"), "req", "req/0"), changed);
        Assert.Equal(coalescedBefore + 2, sim.CoalescedHooks);

        sim.RunUntilQuiescent();
        Assert.Single(sim.Trace.Skip(before), t => t.Unit == "prov/0");
        Assert.Equal("3", relation.UnitData("req/0")["n"]);
    }

    [Fact]
    public void AnApplicationDatabagChangeYieldsRelationChangedWithoutARemoteUnitOnEveryRemoteUnit()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is ConfigChangedEvent && charm.Unit.IsLeader && charm.Model.GetRelation("db") is { } relation)
            {
                relation.LocalAppData["endpoint"] = charm.Model.Config.GetString("endpoint") ?? "";
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider), units: 2);
        var relation = sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;

        sim.SetConfig("req", new Dictionary<string, Charm.Framework.Model.ConfigValue> { ["endpoint"] = "10.0.0.9" });
        sim.RunUntilQuiescent();

        var appChanges = sim.Trace.Skip(before).Where(t => t.Hook.HookName == "db-relation-changed").ToList();
        Assert.Equal(["prov/0", "prov/1"], appChanges.Select(t => t.Unit).Order());
        Assert.All(appChanges, t =>
        {
            Assert.Null(t.Hook.RemoteUnit);
            Assert.Equal("req", t.Hook.RemoteApp);
        });
        Assert.Equal("10.0.0.9", relation.ApplicationData("req")["endpoint"]);
    }

    [Fact]
    public void AWriteThatChangesNothingTriggersNothing()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is UpdateStatusEvent && charm.Model.GetRelation("db") is { } relation)
            {
                relation.LocalUnitData["fixed"] = "same";
            }
        }));
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider));
        sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        sim.TriggerUpdateStatus("req/0");
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;

        sim.TriggerUpdateStatus("req/0");
        sim.RunUntilQuiescent();

        var entry = Assert.Single(sim.Trace.Skip(before));
        Assert.Equal("update-status", entry.Hook.HookName);
        Assert.Empty(entry.Changes);
    }
}

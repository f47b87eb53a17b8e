using Charm.Framework.Events;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>A run is fully determined by its seed.</summary>
public sealed class ReplayTests
{
    private static IReadOnlyList<string> RunScenario(int seed, SchedulingPolicy policy)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = seed, Policy = policy });
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is RelationChangedEvent changed)
            {
                changed.Relation.LocalUnitData["seen-" + (changed.RemoteUnit ?? "app").Replace('/', '-')] = charm.Unit.Name;
                if (charm.Unit.IsLeader)
                {
                    changed.Relation.LocalAppData["leader"] = charm.Unit.Name;
                }
            }
        }), units: 3);
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider, (charm, e) =>
        {
            if (e is RelationJoinedEvent joined)
            {
                joined.Relation.LocalUnitData["hello-" + joined.RemoteUnit!.Replace('/', '-')] = "1";
            }
        }), units: 2);
        sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        sim.SetLeader("req/2");
        sim.RemoveUnit("prov/0");
        sim.AddUnit("req");
        sim.RunUntil(_ => false, maxSteps: 400);
        return [.. sim.Trace.Select(t => t.ToString() + " | " + string.Join(";", t.ToolCalls))];
    }

    [Theory]
    [InlineData(SchedulingPolicy.Random)]
    [InlineData(SchedulingPolicy.RoundRobin)]
    public void TheSameSeedGivesTheSameTrace(SchedulingPolicy policy)
    {
        var first = RunScenario(42, policy);
        var second = RunScenario(42, policy);

        Assert.True(first.Count > 50, $"the scenario ran only {first.Count} hooks");
        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeedsExploreDifferentInterleavings()
    {
        var runs = Enumerable.Range(1, 4).Select(seed => string.Join("\n", RunScenario(seed, SchedulingPolicy.Random))).Distinct().Count();

        Assert.True(runs > 1);
    }
}

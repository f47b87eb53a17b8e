using Charm.Framework.Events;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>Leadership: one leader per application; moving it runs leader-elected there and leader-settings-changed elsewhere.</summary>
public sealed class LeadershipTests
{
    [Fact]
    public void MovingLeadershipRunsLeaderElectedOnTheNewLeaderAndLeaderSettingsChangedOnTheOthers()
    {
        var leaderSeen = new List<(string Unit, string Hook, bool IsLeader)>();
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", TestCharms.InProcess(TestCharms.Requirer, (charm, e) =>
        {
            if (e is LeaderElectedEvent or LeaderSettingsChangedEvent)
            {
                leaderSeen.Add((charm.Unit.Name, e.Name, charm.Unit.IsLeader));
            }
        }), units: 3);
        sim.RunUntilQuiescent();
        leaderSeen.Clear();
        var before = sim.Trace.Count;

        sim.SetLeader("app/2");
        sim.RunUntilQuiescent();

        var after = sim.Trace.Skip(before).ToList();
        Assert.Equal(3, after.Count);
        Assert.Equal("leader-elected", Assert.Single(after, t => t.Unit == "app/2").Hook.HookName);
        Assert.Equal("leader-settings-changed", Assert.Single(after, t => t.Unit == "app/0").Hook.HookName);
        Assert.Equal("leader-settings-changed", Assert.Single(after, t => t.Unit == "app/1").Hook.HookName);
        Assert.Contains(("app/2", "leader-elected", true), leaderSeen);
        Assert.Contains(("app/0", "leader-settings-changed", false), leaderSeen);
        Assert.Single(sim.Model.GetApplication("app").Units, u => u.IsLeader);
    }

    [Fact]
    public void WhenTheLeaderLeavesTheLowestNumberedRemainingUnitIsElected()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("req", TestCharms.InProcess(TestCharms.Requirer), units: 3);
        sim.Deploy("prov", TestCharms.InProcess(TestCharms.Provider));
        sim.Relate("req", "prov");
        sim.RunUntilQuiescent();
        var before = sim.Trace.Count;

        sim.RemoveUnit("req/0");
        Assert.True(sim.Model.GetUnit("req/0").IsLeader, "a dying leader keeps its lease until it is gone");
        sim.RunUntilQuiescent();

        Assert.Null(sim.Model.FindUnit("req/0"));
        Assert.True(sim.Model.GetUnit("req/1").IsLeader);
        var after = sim.Trace.Skip(before).ToList();
        var removed = after.FindIndex(t => t.Unit == "req/0" && t.Hook.HookName == "remove");
        var elected = after.FindIndex(t => t.Unit == "req/1" && t.Hook.HookName == "leader-elected");
        Assert.True(removed >= 0 && elected > removed, string.Join("\n", after));
        Assert.Contains(after, t => t.Unit == "req/2" && t.Hook.HookName == "leader-settings-changed");
    }
}

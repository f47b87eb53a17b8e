using System.Diagnostics;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.Backends;

/// <summary>
/// An in-process hook's clock is the simulated one, and a wait on it moves the simulated clock and the fake cluster's
/// heartbeats on (docs/juju.md, "how time passes"): what a real cluster does while a hook waits, a new member getting
/// its role at the leader's next heartbeat (microcluster's default heartbeat interval is 10 s).
/// </summary>
public sealed class InProcessHookClockTests
{
    private sealed class WaitingCharm : CharmBase
    {
        public WaitingCharm(CharmContext context, Action<CharmContext> install)
            : base(context)
            => Framework.Observe<InstallEvent>(EventKey.Install, "waiting.install", _ => install(context));
    }

    [Fact]
    public void AWaitOnTheHookClockMovesSimulatedTimeAndTheHeartbeatsAndTakesNoWallClockTime()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions { HeartbeatInterval = TimeSpan.FromSeconds(10) });
        using var sim = new Simulation(new SimulationOptions { Seed = 1, Clock = clock, Microcluster = cluster, UpdateStatusInterval = null });
        Assert.True(cluster.Execute("node-0", ["bootstrap"]).Succeeded);
        DateTimeOffset before = default, after = default;
        string? roleAfterWait = null;
        sim.Deploy("app", CharmSource.InProcess(ctx => new WaitingCharm(ctx, c =>
        {
            before = c.Time.GetUtcNow();
            Task.Delay(TimeSpan.FromSeconds(30), c.Time).Wait();
            after = c.Time.GetUtcNow();
            roleAfterWait = cluster.ListClusters()[0].Members[0].Role;
        }), new CharmMetadata([])), units: 1);
        var wall = Stopwatch.StartNew();

        var install = sim.Step("app/0");

        Assert.NotNull(install);
        Assert.Equal("install", install.Hook.HookName);
        Assert.Equal(HookResult.Succeeded, install.Result);
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(10), $"the wait took {wall.Elapsed} of wall-clock time");
        Assert.Equal(install.Time, before);
        // Counted as a process hook's 30 s sleep is: everything beyond the 5 s WallClockGrace.
        Assert.Equal(TimeSpan.FromSeconds(25), after - before);
        Assert.Equal(before + TimeSpan.FromSeconds(25), sim.Clock.Now);
        Assert.Equal(MicroclusterRole.Voter, roleAfterWait);
    }
}

using Charm.Reliability.Tests.Support;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// Issue 16: formation must not be paced by update-status. Before the communicator's bounded wait, a communicator whose
/// last hook saw a member PENDING (a member is PENDING until the leader's next heartbeat, every 10 s by default:
/// canonical/microcluster <c>DefaultHeartbeatInterval</c>) deferred, and with no other hook nothing happened until the
/// next update-status: 3-unit formation took 00:12:45 on average with update-status every 60 min against 00:01:45 every
/// 5 min (benchmarks/README.md). Now the hook waits on its clock (the simulated one, in process) for the heartbeat.
/// </summary>
public sealed class FormationPacingTests
{
    private static TimeSpan Form(int seed, TimeSpan updateStatus)
    {
        var world = new CharmWorld(new TokenConsumerOptions());
        using var sim = new Simulation(new SimulationOptions { Seed = seed, Policy = SchedulingPolicy.Random, UpdateStatusInterval = updateStatus });
        sim.Deploy("microctl", ClusterCharms.Consumer(world), units: 3);
        sim.Deploy("token-distributor", ClusterCharms.Distributor(world), units: 1);
        sim.Relate("microctl", "token-distributor");
        var result = sim.RunUntil(s => ClusterFormation.Converged(s, "microctl"), maxSteps: 5_000, maxSimulatedTime: TimeSpan.FromDays(1));
        Assert.True(result.Converged, $"seed {seed}, update-status every {updateStatus}: {result.Reason}");
        Assert.All(sim.Trace, t => Assert.Equal(HookResult.Succeeded, t.Result));
        return sim.Clock.Now - sim.Options.StartTime;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void AThreeUnitClusterWithUpdateStatusEveryHourFormsWithinTheTimeItTakesWithUpdateStatusEveryFiveMinutes(int seed)
    {
        var often = Form(seed, TimeSpan.FromMinutes(5));
        var rarely = Form(seed, TimeSpan.FromMinutes(60));

        Assert.True(rarely <= often * 1.1, $"seed {seed}: {rarely} with update-status hourly against {often} every 5 minutes");
        // Formed long before the first hourly update-status could have helped.
        Assert.True(rarely < TimeSpan.FromMinutes(60), $"seed {seed}: {rarely}");
    }
}

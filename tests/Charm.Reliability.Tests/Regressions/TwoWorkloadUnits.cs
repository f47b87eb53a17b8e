using Charm.Reliability.Tests.Support;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;

namespace Charm.Reliability.Tests.Regressions;

/// <summary>
/// The deployment the regression tests start from: two workload units related to one distributor unit, on a manual
/// clock the consumers' token lifetime follows, with no periodic update-status (the tests step hooks themselves).
/// </summary>
internal sealed class TwoWorkloadUnits : IDisposable
{
    public TwoWorkloadUnits()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        World = new CharmWorld(new TokenConsumerOptions());
        Sim = new Simulation(new SimulationOptions { Seed = 1, Clock = clock, Microcluster = new FakeMicrocluster(clock), UpdateStatusInterval = null });
        Sim.Deploy("workload", ClusterCharms.Consumer(World), units: 2);
        Sim.Deploy("distributor", ClusterCharms.Distributor(World), units: 1);
        Sim.Relate("workload", "distributor");
    }

    public CharmWorld World { get; }

    public Simulation Sim { get; }

    public void Dispose() => Sim.Dispose();
}

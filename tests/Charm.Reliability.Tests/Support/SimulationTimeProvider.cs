using Charm.Simulator.Microcluster;

namespace Charm.Reliability.Tests.Support;

/// <summary>
/// A <see cref="TimeProvider"/> that reads the simulation clock, so that the consumer's token lifetimes run on the same
/// time as the fake cluster's token expiry and the scheduler's retries.
/// </summary>
internal sealed class SimulationTimeProvider(ISimulationClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.Now;
}

namespace Charm.Simulator.Microcluster;

/// <summary>
/// The simulator's notion of "now". Everything time-dependent in the fake cluster (token expiry, heartbeats,
/// <c>last_heartbeat</c>) reads this clock, so a run never sleeps and replays identically.
/// </summary>
public interface ISimulationClock
{
    /// <summary>The current simulated instant.</summary>
    DateTimeOffset Now { get; }
}

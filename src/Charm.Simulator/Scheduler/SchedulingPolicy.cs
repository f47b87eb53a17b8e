namespace Charm.Simulator.Scheduler;

/// <summary>How the scheduler picks the next unit among those with a hook ready to run.</summary>
public enum SchedulingPolicy
{
    /// <summary>A seeded random choice: different seeds explore different interleavings; the same seed replays one.</summary>
    Random,

    /// <summary>The next unit after the last one that ran, in model order.</summary>
    RoundRobin,
}

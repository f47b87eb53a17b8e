namespace Charm.Simulator.Scheduler;

/// <summary>Why a run stopped.</summary>
public enum StopReason
{
    /// <summary>The convergence predicate held.</summary>
    Converged,

    /// <summary>No hook is left to run (units that gave up on a hook count as having none).</summary>
    Quiescent,

    /// <summary>The step bound was reached.</summary>
    StepLimit,

    /// <summary>The simulated-time bound was reached.</summary>
    TimeLimit,
}

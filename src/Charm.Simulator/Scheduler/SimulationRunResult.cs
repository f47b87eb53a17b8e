namespace Charm.Simulator.Scheduler;

/// <summary>How a run ended.</summary>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Steps">How many hooks it ran.</param>
/// <param name="EndTime">The simulated time at the end.</param>
public sealed record SimulationRunResult(StopReason Reason, long Steps, DateTimeOffset EndTime)
{
    /// <summary>The convergence predicate held (for <c>RunUntilQuiescent</c>: nothing was left to run).</summary>
    public bool Converged => Reason is StopReason.Converged;
}

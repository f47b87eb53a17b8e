using System.Globalization;

namespace Charm.Simulator.Scheduler;

/// <summary>How a run ended.</summary>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Steps">How many hooks it ran.</param>
/// <param name="EndTime">The simulated time at the end.</param>
public sealed record SimulationRunResult(StopReason Reason, long Steps, DateTimeOffset EndTime)
{
    /// <summary>The convergence predicate held (for <c>RunUntilQuiescent</c>: nothing was left to run).</summary>
    public bool Converged => Reason is StopReason.Converged;

    /// <summary>
    /// The hooks failing when the run stopped (see <see cref="Simulation.FailingHooks"/>): with unbounded retries, a hook
    /// that never succeeds is why a run ends at its step or time bound instead of converging.
    /// </summary>
    public IReadOnlyList<string> FailingHooks { get; init; } = [];

    /// <summary>One line for a log or an assertion message: the reason, the steps, and any failing hooks.</summary>
    public string Describe()
    {
        var what = Reason switch
        {
            StopReason.Converged => "converged",
            StopReason.Quiescent => "no hook left to run",
            StopReason.StepLimit => "stopped at the step bound",
            _ => "stopped at the simulated-time bound",
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{what} after {Steps} hook(s), at {EndTime:u}");
        return FailingHooks.Count == 0 ? text : text + "; failing: " + string.Join("; ", FailingHooks);
    }
}

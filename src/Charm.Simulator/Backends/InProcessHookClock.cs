using Charm.Simulator.Microcluster;
using Charm.Simulator.Scheduler;
using Charm.Testing;

namespace Charm.Simulator.Backends;

/// <summary>
/// The clock an in-process hook reads (<c>CharmContext.Time</c>): the simulated time, and a hook that waits on it (a
/// timer, <c>Task.Delay(d, time)</c>) takes no wall-clock time: its timer fires at once. The hook's waits count as a
/// process hook's wall-clock time does: the first <paramref name="grace"/> of them (per hook) moves nothing, and beyond
/// it the simulated clock and the fake cluster's heartbeats move on in whole seconds, so the same charm waits alike in
/// process and in process mode (<see cref="Scheduler.SimulationOptions.WallClockGrace"/>); a
/// <see langword="null"/> grace (time does not pass during hooks) moves nothing. One clock serves one hook.
/// </summary>
internal sealed class InProcessHookClock(ISimulationClock clock, TimeSpan? grace, Action<TimeSpan> wait) : WaitlessClock
{
    private TimeSpan _waited;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => clock.Now.ToUniversalTime();

    /// <inheritdoc />
    protected override void Waited(TimeSpan duration)
    {
        if (grace is not { } free)
        {
            return;
        }

        var counted = Simulation.CountedHookTime(_waited, free);
        _waited += duration;
        if (Simulation.CountedHookTime(_waited, free) - counted is { Ticks: > 0 } advance)
        {
            wait(advance);
        }
    }
}

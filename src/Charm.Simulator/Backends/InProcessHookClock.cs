using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Backends;

/// <summary>
/// The clock an in-process hook reads (<c>CharmContext.Time</c>): the simulated time, and a hook that waits on it (a
/// timer, <c>Task.Delay(d, time)</c>) takes no wall-clock time: its timer fires at once. The hook's waits count as a
/// process hook's wall-clock time does: the first <paramref name="grace"/> of them (per hook) moves nothing, and beyond
/// it the simulated clock and the fake cluster's heartbeats move on in whole seconds, so the same charm waits alike in
/// process and in process mode (<see cref="Scheduler.SimulationOptions.WallClockGrace"/>); a
/// <see langword="null"/> grace (time does not pass during hooks) moves nothing. One clock serves one hook. A timer fires
/// once, at its due time; a period is not repeated (a hook waits, it does not tick).
/// </summary>
internal sealed class InProcessHookClock(ISimulationClock clock, TimeSpan? grace, Action<TimeSpan> wait) : TimeProvider
{
    private TimeSpan _waited;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => clock.Now.ToUniversalTime();

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => clock.Now.UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new WaitTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class WaitTimer(InProcessHookClock owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.Wait(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                callback(state);
            }

            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private void Wait(TimeSpan duration)
    {
        if (grace is not { } free)
        {
            return;
        }

        var counted = Beyond(_waited, free);
        _waited += duration;
        if (Beyond(_waited, free) - counted is { Ticks: > 0 } advance)
        {
            wait(advance);
        }
    }

    // The whole seconds of a hook's waiting beyond the grace, as a process hook's wall-clock time is counted.
    private static TimeSpan Beyond(TimeSpan waited, TimeSpan free)
        => waited <= free ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Floor((waited - free).TotalSeconds));
}

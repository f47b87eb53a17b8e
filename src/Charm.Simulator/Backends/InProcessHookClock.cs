using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Backends;

/// <summary>
/// The clock an in-process hook reads (<c>CharmContext.Time</c>): the simulated time, and a hook that waits on it (a
/// timer, <c>Task.Delay(d, time)</c>) moves the simulated clock and the fake cluster's heartbeats on by the wait, then
/// its timer fires at once. An in-process hook takes no wall-clock time, so this is how time passes while it waits, as
/// <see cref="Scheduler.SimulationOptions.WallClockGrace"/> lets it pass while a process hook sleeps. A timer fires once,
/// at its due time; a period is not repeated (a hook waits, it does not tick).
/// </summary>
internal sealed class InProcessHookClock(ISimulationClock clock, Action<TimeSpan> wait) : TimeProvider
{
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

    private void Wait(TimeSpan duration) => wait(duration);
}

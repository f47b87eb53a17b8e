namespace Charm.Testing;

/// <summary>
/// A hook's clock on which waiting takes no wall-clock time: a timer (<c>Task.Delay(d, time)</c>, a
/// <see cref="System.Threading.PeriodicTimer"/>'s first tick) fires at once, on the thread that starts it, after
/// <see cref="Waited"/> was told how long it would have waited; the deriving clock decides what that moves on. A timer
/// fires once, at its due time; a period is not repeated (a hook waits, it does not tick).
/// </summary>
/// <remarks>Compiled into Charm.Testing and Charm.Simulator (one source file), so both fire their timers alike.</remarks>
internal abstract class WaitlessClock : TimeProvider
{
    /// <summary>A timer was due in <paramref name="duration"/> (zero or more) and fires now.</summary>
    protected abstract void Waited(TimeSpan duration);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(WaitlessClock owner, TimerCallback callback, object? state) : ITimer
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
                owner.Waited(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
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
}

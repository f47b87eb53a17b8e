namespace Charm.Simulator.Microcluster;

/// <summary>
/// A clock that only moves when told to. Safe to read and advance from several threads; it never goes backwards.
/// </summary>
public sealed class ManualClock : ISimulationClock
{
    private long _utcTicks;

    /// <summary>Creates a clock showing <paramref name="start"/> (kept in UTC).</summary>
    public ManualClock(DateTimeOffset start) => _utcTicks = start.UtcTicks;

    /// <inheritdoc />
    public DateTimeOffset Now => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward by <paramref name="duration"/> and returns the new time.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public DateTimeOffset Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return new DateTimeOffset(Interlocked.Add(ref _utcTicks, duration.Ticks), TimeSpan.Zero);
    }

    /// <summary>Moves the clock forward to <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is earlier than <see cref="Now"/>.</exception>
    public void AdvanceTo(DateTimeOffset time)
    {
        long target = time.UtcTicks;
        while (true)
        {
            long current = Interlocked.Read(ref _utcTicks);
            if (target < current)
            {
                throw new ArgumentOutOfRangeException(nameof(time), time, "The simulation clock never goes backwards.");
            }

            if (Interlocked.CompareExchange(ref _utcTicks, target, current) == current)
            {
                return;
            }
        }
    }
}

namespace Charm.TokenDistributor.Tests.Support;

/// <summary>
/// A test's hook clock that a wait moves on: a timer created on it advances <see cref="Now"/> by its due time, records
/// the wait in <see cref="Waits"/>, runs <see cref="OnAdvance"/> (e.g. a heartbeat once enough time went by) and fires
/// at once, so a hook that waits finishes without real sleeping.
/// </summary>
internal sealed class SteppingTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly List<TimeSpan> _waits = [];

    public DateTimeOffset Now { get; private set; } = now;

    /// <summary>Every wait a timer asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => _waits;

    /// <summary>Runs after each wait with the new time.</summary>
    public Action<DateTimeOffset>? OnAdvance { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Add(dueTime);
        Now += dueTime;
        OnAdvance?.Invoke(Now);
        callback(state);
        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

namespace Charm.Testing;

/// <summary>
/// <see cref="Context"/>'s default clock for one hook: the system's time when the hook starts, moved on by every wait
/// in the hook, which returns at once, so a charm's bounded wait (the token consumer's for PENDING members) costs a test
/// no wall-clock time.
/// </summary>
internal sealed class TestHookClock(DateTimeOffset start) : WaitlessClock
{
    /// <summary>How long the hook waited on this clock in all.</summary>
    public TimeSpan Total { get; private set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => start + Total;

    /// <inheritdoc />
    protected override void Waited(TimeSpan duration) => Total += duration;
}

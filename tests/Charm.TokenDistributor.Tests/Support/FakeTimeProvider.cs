namespace Charm.TokenDistributor.Tests.Support;

/// <summary>A clock the test sets: <see cref="GetUtcNow"/> returns <see cref="Now"/>.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

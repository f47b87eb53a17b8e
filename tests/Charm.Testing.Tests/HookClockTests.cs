using Charm.Framework.Events;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>The context's default hook clock: a wait in the hook returns at once and moves the hook's time on.</summary>
public sealed class HookClockTests
{
    [Fact]
    public void A_wait_on_the_default_clock_moves_the_hooks_time_on_by_its_length_and_is_reported()
    {
        DateTimeOffset before = default, after = default;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) =>
        {
            before = c.Context.Time.GetUtcNow();
            Task.Delay(TimeSpan.FromMinutes(10), c.Context.Time).Wait();
            Task.Delay(TimeSpan.FromSeconds(3), c.Context.Time).Wait();
            after = c.Context.Time.GetUtcNow();
        })));

        var result = ctx.Run(Hook.Start, new State()).EnsureSuccess();

        // A 10-minute Task.Delay on a system timer would outlive the test run's own timeout; here it returned at once.
        Assert.Equal(TimeSpan.FromSeconds(603), after - before);
        Assert.Equal(TimeSpan.FromSeconds(603), result.TimeWaited);
    }

    [Fact]
    public void A_clock_the_test_gives_is_used_as_it_is_and_no_wait_is_reported()
    {
        var fixedTime = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        DateTimeOffset seen = default;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) => seen = c.Context.Time.GetUtcNow())))
        {
            Time = new Fixed(fixedTime),
        };

        var result = ctx.Run(Hook.Start, new State()).EnsureSuccess();

        Assert.Equal(fixedTime, seen);
        Assert.Null(result.TimeWaited);
    }

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

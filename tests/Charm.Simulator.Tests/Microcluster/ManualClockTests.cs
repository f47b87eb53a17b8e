using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class ManualClockTests
{
    [Fact]
    public void The_clock_moves_only_when_advanced_and_reports_utc()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.FromHours(3)));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), clock.Now);
        Assert.Equal(TimeSpan.Zero, clock.Now.Offset);
        Assert.Equal(clock.Now, clock.Now);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), clock.Advance(TimeSpan.FromSeconds(5)));
        clock.AdvanceTo(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), clock.Now);
    }

    [Fact]
    public void The_clock_never_goes_backwards()
    {
        var clock = new ManualClock(ClusterWorld.Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(ClusterWorld.Start.AddTicks(-1)));
        Assert.Equal(ClusterWorld.Start, clock.Now);
    }
}

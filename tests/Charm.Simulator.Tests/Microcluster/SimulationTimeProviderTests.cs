using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

/// <summary>The TimeProvider a charm uses to run on simulated time, live in process and from CHARM_SIM_TIME as a process.</summary>
public sealed class SimulationTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FollowsTheClockAsItMoves()
    {
        var clock = new ManualClock(Start);
        var time = new SimulationTimeProvider(clock);

        clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(Start + TimeSpan.FromHours(3), time.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, time.GetUtcNow().Offset);
    }

    [Fact]
    public void TheVariableCarriesTheInstantExactly()
    {
        var instant = Start + TimeSpan.FromTicks(123_456_789);

        var text = SimulationTimeProvider.Format(instant.ToOffset(TimeSpan.FromHours(2)));
        var time = SimulationTimeProvider.FromVariable(text);

        Assert.Equal("2026-01-01T00:00:12.3456789+00:00", text);
        Assert.NotNull(time);
        Assert.Equal(instant, time.GetUtcNow());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WithoutTheVariableThereIsNoSimulatedTime(string? value) => Assert.Null(SimulationTimeProvider.FromVariable(value));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-01-01")]
    public void AMalformedVariableIsAFormatError(string value)
    {
        var error = Assert.Throws<FormatException>(() => SimulationTimeProvider.FromVariable(value));
        Assert.Contains(SimulationTimeProvider.TimeVariable, error.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;

namespace Charm.Simulator.Microcluster;

/// <summary>
/// A <see cref="TimeProvider"/> over the simulation clock, so a charm's own notion of time (e.g. a token consumer's
/// token lifetime) runs on the same simulated time as the fake cluster's token expiry and the scheduler's retries.
/// An in-process charm reads the live clock; a charm run as a process reads the instant its hook started, which the
/// simulator passes in <see cref="TimeVariable"/> (the simulated clock does not move while a hook runs).
/// </summary>
public sealed class SimulationTimeProvider : TimeProvider
{
    /// <summary>
    /// The environment variable the simulator sets for every hook process: the simulated time the hook runs at, UTC,
    /// in the round-trip format (<c>2026-01-01T00:00:05.0000000+00:00</c>).
    /// </summary>
    public const string TimeVariable = "CHARM_SIM_TIME";

    private readonly ISimulationClock _clock;

    /// <summary>Creates a provider that reads <paramref name="clock"/> on every call.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public SimulationTimeProvider(ISimulationClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _clock.Now.ToUniversalTime();

    /// <summary>Formats <paramref name="time"/> as <see cref="TimeVariable"/> carries it.</summary>
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// The simulated time a hook process runs at, from <see cref="TimeVariable"/>: a provider fixed at that instant, or
    /// <see langword="null"/> when the variable is unset (not run by the simulator).
    /// </summary>
    /// <param name="value">The variable's value, e.g. <c>Environment.GetEnvironmentVariable(SimulationTimeProvider.TimeVariable)</c>.</param>
    /// <exception cref="FormatException">The variable is set but is not a round-trip UTC time.</exception>
    public static SimulationTimeProvider? FromVariable(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!DateTimeOffset.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new FormatException($"{TimeVariable} is '{value}', not a round-trip time such as 2026-01-01T00:00:00.0000000+00:00.");
        }

        return new SimulationTimeProvider(new ManualClock(time));
    }
}

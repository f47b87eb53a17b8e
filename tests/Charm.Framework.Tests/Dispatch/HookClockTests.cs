using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Dispatch;

/// <summary>
/// The hook's clock (<see cref="CharmContext.Time"/>): the system clock under Juju, the simulated time the simulator passes
/// in <see cref="Dispatcher.SimulatedTimeVariable"/>, or the one the options give.
/// </summary>
public sealed class HookClockTests
{
    [Fact]
    public void The_simulated_time_variable_fixes_the_hooks_clock()
    {
        var (outcome, seen, _) = Dispatch(new() { [Dispatcher.SimulatedTimeVariable] = "2026-01-01T00:05:00.0000000+00:00" });

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero)], seen);
    }

    [Fact]
    public void Without_the_variable_the_hook_reads_the_system_clock()
    {
        var before = DateTimeOffset.UtcNow;
        var (outcome, seen, _) = Dispatch([]);
        var after = DateTimeOffset.UtcNow;

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.InRange(seen[0], before, after);
    }

    [Fact]
    public void A_time_in_the_options_wins_over_the_variable()
    {
        var given = new FixedClock(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var (outcome, seen, _) = Dispatch(new() { [Dispatcher.SimulatedTimeVariable] = "2026-01-01T00:05:00.0000000+00:00" }, given);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(given.GetUtcNow(), seen[0]);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-01-01 00:05")]
    public void A_variable_that_is_no_round_trip_time_stops_the_hook_before_the_charm_runs_and_says_what_to_do(string value)
    {
        var (outcome, seen, error) = Dispatch(new() { [Dispatcher.SimulatedTimeVariable] = value });

        Assert.Equal(Dispatcher.ExitEnvironmentError, outcome.ExitCode);
        Assert.Empty(seen);
        Assert.Contains("CHARM_SIM_TIME='" + value + "'", error, StringComparison.Ordinal);
        Assert.Contains("unset it to use the system clock", error, StringComparison.Ordinal);
    }

    private static (HookOutcome Outcome, List<DateTimeOffset> Seen, string Error) Dispatch(Dictionary<string, string> environment, TimeProvider? time = null)
    {
        var seen = new List<DateTimeOffset>();
        var variables = Hook.Install.ToEnvironment("app/0", Path.GetTempPath());
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        var error = new StringWriter();
        var outcome = Dispatcher.RunHook(
            DelegateCharm.With(charm =>
            {
                seen.Add(charm.Context.Time.GetUtcNow());
                seen.Add(charm.Context.Time.GetUtcNow());
            }),
            new DispatchOptions
            {
                Environment = variables,
                StateStore = new InMemoryStateStore(),
                Metadata = CharmMetadata.Empty,
                ProcessRunner = new Silent(),
                HostName = "host",
                Error = error,
                Time = time,
            });
        return (outcome, seen, error.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Silent : IProcessRunner
    {
        public ProcessResult Run(ProcessSpec spec) => spec.FileName == "is-leader" ? new ProcessResult(0, "false\n", "") : new ProcessResult(0, "", "");
    }
}

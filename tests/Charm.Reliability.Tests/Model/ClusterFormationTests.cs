using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Charm.Reliability.Tests.Model;

/// <summary>
/// Model-based tests: random schedules of operations, faults and crashes, interleaved with hooks picked by a seeded
/// scheduler, over the in-process simulator with charms built on the real library (see <see cref="ScheduleRunner"/> for
/// the properties).
/// </summary>
public sealed class ClusterFormationTests(ITestOutputHelper output)
{
    /// <summary>Schedules per CI run; <c>RELIABILITY_SCHEDULES</c> overrides it (e.g. for a longer soak).</summary>
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_SCHEDULES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;

    /// <summary>The share of schedules (percent) that end with the faults stopped and the cluster required to converge.</summary>
    internal const int ConvergencePercent = 6;

    /// <summary>The share used by the main test; <c>RELIABILITY_CONVERGENCE_PERCENT</c> overrides it for a soak.</summary>
    private static readonly int SoakConvergencePercent = int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_CONVERGENCE_PERCENT"), CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100 ? p : ConvergencePercent;

    [Fact]
    public void TheClusterFormsSafelyUnderRandomSchedulesFaultsAndCrashes()
    {
        var counters = new RunCounters();
        var watch = Stopwatch.StartNew();
        ScheduleGenerator.Schedule(SoakConvergencePercent).Sample(
            schedule => ScheduleRunner.Run(schedule, counters),
            iter: Iterations,
            threads: Environment.ProcessorCount,
            print: schedule => schedule.Render());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Iterations:N0} schedules in {watch.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} threads"));
        output.WriteLine(counters.Report());
    }

    /// <summary>
    /// Replays one schedule from its CsCheck seed: paste the seed a failure printed (<c>Set seed: "…"</c>) here to debug
    /// it (the same seed needs the same generator; the whole suite replays one with <c>-e CsCheck_Seed=…</c>). The seed
    /// kept here replays a convergence run with faults, crashes and leadership moves.
    /// </summary>
    [Fact]
    public void ReplaysAScheduleFromItsSeed()
    {
        Schedule? replayed = null;
        var counters = new RunCounters();
        ScheduleGenerator.Schedule(ConvergencePercent).Sample(
            schedule =>
            {
                replayed = schedule;
                ScheduleRunner.Run(schedule, counters);
            },
            seed: ReplaySeed,
            iter: 1,
            threads: 1,
            print: schedule => schedule.Render());
        Assert.NotNull(replayed);
        output.WriteLine(replayed.Render());
        output.WriteLine(counters.Report());
    }

    private const string ReplaySeed = "1qZOfBJ3VjL1";
}

using System.Diagnostics;
using System.Globalization;
using Charm.Reliability.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Charm.Reliability.Tests.Model;

/// <summary>
/// The full model-based schedules of <see cref="ClusterFormationTests"/> (operations, CLI faults, crashes, leadership
/// moves, token expiry, over the simulator with the real library charms) with rogues among them (issue 17): a rogue unit
/// of the workload application, a rogue second application related to the same distributor endpoint (with the
/// distributor's isolation off, the default, or on), or both, each running <see cref="RogueCharm"/>: <c>mirror=up</c>,
/// forged tokens for the honest hosts (of its own cluster, pointing nowhere, with a wrong secret, or another host's
/// genuine token), up to 1,000 <c>empty</c> keys for hosts nobody runs, and optionally a claimed membership with a
/// forged <c>cluster-fingerprint</c>. The properties are <see cref="ScheduleRunner"/>'s and the rogue ones it lists.
/// </summary>
public sealed class RogueScheduleTests(ITestOutputHelper output)
{
    /// <summary>Schedules per run (docs/security.md and docs/reliability.md quote it).</summary>
    internal const int Schedules = 480;

    /// <summary>The share of schedules (percent) that end with the faults stopped and the honest units required to converge.</summary>
    internal const int ConvergencePercent = 30;

    private static readonly ForgeKind[] Kinds = Enum.GetValues<ForgeKind>();

    private static readonly Gen<RoguePlan> Plans = Gen.Select(Gen.Int[1, (1 << Kinds.Length) - 1], Gen.Int[0, 1000], Gen.Bool, Gen.Bool, Gen.Int)
        .Select((mask, empties, claim, own, seed) => new RoguePlan([.. Kinds.Where((_, i) => (mask & (1 << i)) != 0)], empties, claim, own, seed));

    /// <summary>Which rogues (0: a unit, 1: an application, 2: both), the rogue unit's number among 1..honest units, the application's units, isolation.</summary>
    private static Gen<RogueSetup> Setups(int honest) =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, honest], Gen.Int[1, 2], Gen.Bool, Plans)
            .Select((shape, number, units, isolate, plan) => new RogueSetup(shape == 1 ? null : number, shape == 0 ? 0 : units, isolate, plan));

    internal static readonly Gen<Schedule> Generator =
        Gen.Select(Gen.Int[1, 100], Gen.Int[1, 6], Gen.Int[1, 3], Gen.Int, Gen.Int[0, ScheduleGenerator.MaxTailHooks], ScheduleGenerator.Operation.Array[0, ScheduleGenerator.MaxSafetyOperations])
            .SelectMany(t => Setups(t.Item2).Select(rogues => new Schedule(t.Item2, t.Item3, t.Item4, t.Item1 <= ConvergencePercent, t.Item1 <= ConvergencePercent ? 0 : t.Item5, [.. t.Item6], rogues)));

    [Fact]
    public void RogueUnitsAndApplicationsInsideTheModelBasedSchedulesNeitherSplitNorSteerTheHonestCluster()
    {
        var counters = new RunCounters();
        var watch = Stopwatch.StartNew();
        Generator.Run(schedule => ScheduleRunner.Run(schedule, counters), iter: Schedules, print: schedule => schedule.Render());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Schedules:N0} schedules with rogues (run seed 0x{Cases.RunSeed:X16}) in {watch.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} threads"));
        output.WriteLine(counters.Report());

        // The schedules reach what the properties are about (under the committed run seed; any seed should, at this size),
        // unless one case is replayed alone.
        if (Environment.GetEnvironmentVariable(Cases.CaseSeedVariable) is { Length: > 0 })
        {
            return;
        }

        Assert.True(counters["rogues: clusters of their own bootstrapped"] > 0, counters.Report());
        Assert.True(counters["rogues: honest hooks at the add cap"] > 0, counters.Report());
        Assert.True(counters["rogues: convergence runs converged"] > 0, counters.Report());
    }
}

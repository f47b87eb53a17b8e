using System.Collections.Immutable;
using Charm.Reliability.Tests.Support;
using CsCheck;

namespace Charm.Reliability.Tests.Model;

/// <summary>The CsCheck generators of schedules. Smaller schedules (fewer units, operations and hooks) shrink first.</summary>
internal static class ScheduleGenerator
{
    private static readonly string[] Commands = ["bootstrap", "add", "join", "list", "remove"];

    private static readonly CrashPoint[] WorkloadCrashPoints = Enum.GetValues<CrashPoint>();

    private static readonly CrashPoint[] DistributorCrashPoints = [CrashPoint.HookStart, CrashPoint.HookEnd];

    private static readonly Gen<App> Apps = Gen.OneOf(App.Workload, App.Distributor);

    private static readonly Gen<int> Index = Gen.Int[0, 6];

    /// <summary>One operation; hook runs are the most common, so that faults interleave with hooks.</summary>
    public static readonly Gen<Operation> Operation = Gen.Frequency(
        (30, Gen.Int[1, 12].Select(n => (Operation)new Steps(n))),
        (6, Gen.Select(Apps, Index, (app, i) => (Operation)new MoveLeader(app, i))),
        (3, Apps.Select(app => (Operation)new AddUnit(app))),
        (3, Gen.Select(Apps, Index, (app, i) => (Operation)new RemoveUnit(app, i))),
        (10, Gen.Select(Index, Gen.OneOf(Commands), Gen.Enum<CliFaultKind>(), (i, command, kind) => (Operation)new CliFault(i, command, kind))),
        (2, Gen.Const((Operation)new ExpireTokens())),
        (3, Gen.Int[1, 15].Select(m => (Operation)new AdvanceTime(m))),
        (8, Gen.Select(Index, Gen.OneOf(WorkloadCrashPoints), (i, p) => (Operation)new Crash(App.Workload, i, p))),
        (3, Gen.Select(Index, Gen.OneOf(DistributorCrashPoints), (i, p) => (Operation)new Crash(App.Distributor, i, p))),
        (2, Index.Select(i => (Operation)new Partition(i))),
        (2, Gen.Const((Operation)new UpdateStatus())));

    /// <summary>
    /// A schedule: 1–7 workload units, 1–3 distributor units, a scheduler seed, and its operations. A convergence run has
    /// up to <see cref="MaxConvergenceOperations"/> operations and ends with the faults stopped and the cluster required to
    /// form; a safety run has up to <see cref="MaxSafetyOperations"/> operations and 0–<see cref="MaxTailHooks"/> more hooks.
    /// </summary>
    public static Gen<Schedule> Schedule(int convergencePercent) =>
        Gen.Int[1, 100].SelectMany(roll => roll <= convergencePercent
            ? Gen.Select(Gen.Int[1, 7], Gen.Int[1, 3], Gen.Int, Operation.Array[0, MaxConvergenceOperations], (w, d, seed, ops) => new Schedule(w, d, seed, true, 0, [.. ops]))
            : Gen.Select(Gen.Int[1, 7], Gen.Int[1, 3], Gen.Int, Gen.Int[0, MaxTailHooks], Operation.Array[0, MaxSafetyOperations], (w, d, seed, tail, ops) => new Schedule(w, d, seed, false, tail, [.. ops])));

    public const int MaxConvergenceOperations = 12;

    public const int MaxSafetyOperations = 12;

    public const int MaxTailHooks = 12;
}

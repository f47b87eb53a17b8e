using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Charm.Reliability.Tests.Support;

namespace Charm.Reliability.Tests.Model;

/// <summary>The two applications of a schedule.</summary>
internal enum App
{
    /// <summary>The workload (token consumer) application.</summary>
    Workload,

    /// <summary>The token distributor application.</summary>
    Distributor,
}

/// <summary>How an injected cluster CLI fault behaves.</summary>
internal enum CliFaultKind
{
    /// <summary>The next matching call exits 1 with an error, without doing anything.</summary>
    Fail,

    /// <summary>Every matching call fails until the faults stop.</summary>
    FailUntilCleared,

    /// <summary>The next matching call hangs (the CLI adapter's timeout fires), without doing anything.</summary>
    Hang,

    /// <summary>The next matching call does its work, then hangs: the caller never hears that it succeeded.</summary>
    HangAfterApplying,

    /// <summary>The next <c>join</c> is refused as if the token were unknown (the token stays valid in the cluster).</summary>
    RejectToken,
}

/// <summary>
/// One thing a schedule does to the model. Unit numbers are indexes into the application's live units at the time the
/// operation runs (modulo their count), so that every operation applies to whatever model the schedule has made.
/// </summary>
internal abstract record Operation
{
    /// <summary>One line for a failure report.</summary>
    public abstract string Render();

    public sealed override string ToString() => Render();

    protected static string Unit(App app, int index) => (app == App.Workload ? "workload" : "distributor") + "#" + index.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Runs up to <see cref="Count"/> hooks (the scheduler picks the units, from the schedule's seed).</summary>
internal sealed record Steps(int Count) : Operation
{
    public override string Render() => string.Create(CultureInfo.InvariantCulture, $"run {Count} hook(s)");
}

/// <summary>Moves leadership of <see cref="App"/> to one of its live units.</summary>
internal sealed record MoveLeader(App App, int Index) : Operation
{
    public override string Render() => $"move {App.ToString().ToLowerInvariant()} leadership to {Unit(App, Index)}";
}

/// <summary>Adds a unit (skipped when the application already has its maximum of live units).</summary>
internal sealed record AddUnit(App App) : Operation
{
    public override string Render() => $"add a {App.ToString().ToLowerInvariant()} unit";
}

/// <summary>Removes a live unit (skipped when it is the application's last live unit).</summary>
internal sealed record RemoveUnit(App App, int Index) : Operation
{
    public override string Render() => $"remove {Unit(App, Index)}";
}

/// <summary>Injects a cluster CLI fault for one workload unit's host and one subcommand.</summary>
internal sealed record CliFault(int Index, string Command, CliFaultKind Kind) : Operation
{
    public override string Render() => $"{Kind switch
    {
        CliFaultKind.Fail => "fail the next",
        CliFaultKind.FailUntilCleared => "fail every",
        CliFaultKind.Hang => "hang the next",
        CliFaultKind.HangAfterApplying => "apply then hang the next",
        _ => "reject the token of the next",
    }} '{Command}' on {Unit(App.Workload, Index)}";
}

/// <summary>Expires every outstanding join token in the cluster and moves the clock past the token lifetime.</summary>
internal sealed record ExpireTokens : Operation
{
    public override string Render() => "expire every outstanding join token, then advance the clock past the token lifetime";
}

/// <summary>Moves the simulated clock (heartbeats and due update-status hooks follow).</summary>
internal sealed record AdvanceTime(int Minutes) : Operation
{
    public override string Render() => string.Create(CultureInfo.InvariantCulture, $"advance the clock {Minutes} min");
}

/// <summary>Arms a crash of one unit's charm at a point of a later hook.</summary>
internal sealed record Crash(App App, int Index, CrashPoint Point) : Operation
{
    public override string Render() => $"crash {Unit(App, Index)} at {Point}";
}

/// <summary>Makes one workload unit's cluster daemon unreachable from the others until the faults stop.</summary>
internal sealed record Partition(int Index) : Operation
{
    public override string Render() => $"make {Unit(App.Workload, Index)}'s daemon unreachable";
}

/// <summary>Queues update-status on every unit.</summary>
internal sealed record UpdateStatus : Operation
{
    public override string Render() => "update-status on every unit";
}

/// <summary>
/// The rogues of a schedule (<see cref="RogueScheduleTests"/>): a rogue unit of the workload application, numbered
/// <see cref="UnitNumber"/> among its units (never 0, which the distributor grants the bootstrap to first), and a rogue
/// second application of <see cref="AppUnits"/> units related to the same distributor endpoint after the workload (so
/// never the bootstrap application); both run <see cref="Plan"/>. <see cref="Isolate"/> turns the distributor's
/// <c>IsolateRelations</c> on.
/// </summary>
internal sealed record RogueSetup(int? UnitNumber, int AppUnits, bool Isolate, RoguePlan Plan)
{
    public string Render() => string.Create(CultureInfo.InvariantCulture,
        $"{(UnitNumber is { } n ? $"rogue unit workload/{n}" : "no rogue unit")}, {(AppUnits > 0 ? $"a rogue application of {AppUnits} unit(s)" : "no rogue application")}, isolation {(Isolate ? "on" : "off")}, the rogues {Plan.Render()}");
}

/// <summary>
/// One generated schedule: the initial model, the scheduler's seed, the operations, and whether the run ends with the
/// faults stopped and the cluster required to converge (<see cref="Converge"/>), or after <see cref="TailSteps"/> more
/// hooks with only the safety properties checked.
/// </summary>
internal sealed record Schedule(int Workloads, int Distributors, int Seed, bool Converge, int TailSteps, ImmutableArray<Operation> Operations, RogueSetup? Rogues = null)
{
    public string Render()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Workloads} workload unit(s), {Distributors} distributor unit(s), scheduler seed {Seed}, ")
            .Append(Rogues is null ? "" : Rogues.Render() + ", ")
            .Append(Converge ? "then stop the faults and converge" : string.Create(CultureInfo.InvariantCulture, $"then {TailSteps} more hook(s), safety only"))
            .Append(CultureInfo.InvariantCulture, $"; {Operations.Length} operation(s):");
        for (var i = 0; i < Operations.Length; i++)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"  {i + 1,3}. {Operations[i].Render()}");
        }

        return text.ToString();
    }

    public override string ToString() => Render();
}

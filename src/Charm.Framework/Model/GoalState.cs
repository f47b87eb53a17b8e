namespace Charm.Framework.Model;

/// <summary>
/// What <c>goal-state</c> says the model is heading for: this application's units and the units and applications of each
/// relation, each with its goal status (<c>waiting</c>, <c>joining</c>, <c>joined</c>, <c>active</c>, <c>dying</c>, …).
/// </summary>
public sealed record GoalState
{
    /// <summary>This application's units, by name, with their goal status.</summary>
    public required IReadOnlyDictionary<string, string> Units { get; init; }

    /// <summary>Per endpoint, the related units and applications, by name, with their goal status.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Relations { get; init; }

    /// <summary>
    /// How many units the application is planned to have: those of <see cref="Units"/> not <c>dying</c> (what ops'
    /// <c>Application.planned_units()</c> counts), this unit included.
    /// </summary>
    public int PlannedUnits => Units.Values.Count(status => status != "dying");
}

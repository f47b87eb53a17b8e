using Charm.Simulator.Model;

namespace Charm.Simulator.Backends;

// goal-state: what the controller's uniter facade computes for the unit (apiserver/facades/agent/uniter, GoalStates).
internal sealed partial class HookContext
{
    /// <summary>
    /// <c>goal-state</c>: this application's units (alive or dying; a dying unit's status is <c>dying</c>, any other's its
    /// status as <c>juju status</c> shows it, <c>error</c> while a hook fails) and, per local endpoint of each non-peer
    /// relation, the remote application with the relation's status and the remote application's units with theirs.
    /// </summary>
    public GoalStateAnswer GoalState()
    {
        lock (_gate)
        {
            EnsureOpen();
            var relations = new SortedDictionary<string, SortedDictionary<string, GoalStatus>>(StringComparer.Ordinal);
            foreach (var relation in _model.RelationsOf(AppName).Where(r => !r.IsPeer && !r.IsRemoved))
            {
                var endpoint = relation.EndpointOf(AppName);
                var remote = relation.RemoteApplicationOf(AppName);
                if (!relations.TryGetValue(endpoint, out var entries))
                {
                    relations[endpoint] = entries = new SortedDictionary<string, GoalStatus>(StringComparer.Ordinal);
                }

                entries[remote] = new GoalStatus(relation.Status, relation.StatusSince);
                if (_model.FindApplication(remote) is not { } remoteApplication)
                {
                    continue;
                }

                foreach (var (name, status) in UnitGoals(remoteApplication))
                {
                    entries[name] = status;
                }
            }

            return new GoalStateAnswer(UnitGoals(Unit.Application), relations.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, GoalStatus>)p.Value, StringComparer.Ordinal));
        }
    }

    private static SortedDictionary<string, GoalStatus> UnitGoals(SimulatedApplication application)
    {
        var units = new SortedDictionary<string, GoalStatus>(StringComparer.Ordinal);
        foreach (var unit in application.Units)
        {
            units[unit.Name] = new GoalStatus(unit.Life == UnitLife.Dying ? "dying" : unit.Status.Name, unit.StatusSince);
        }

        return units;
    }

    /// <summary>One entry of <c>goal-state</c>: a status and when it was set.</summary>
    public readonly record struct GoalStatus(string Status, DateTimeOffset Since);

    /// <summary>What <c>goal-state</c> prints: <c>units</c>, and <c>relations</c> by local endpoint.</summary>
    public sealed record GoalStateAnswer(IReadOnlyDictionary<string, GoalStatus> Units, IReadOnlyDictionary<string, IReadOnlyDictionary<string, GoalStatus>> Relations);
}

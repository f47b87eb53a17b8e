using Charm.Framework.Model;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Scenarios;

/// <summary>Convergence predicates about the fake cluster, for <see cref="Simulation.RunUntil"/>.</summary>
public static class ClusterFormation
{
    /// <summary>Every live unit of <paramref name="application"/> is a member of one and the same cluster.</summary>
    public static bool AllUnitsClustered(Simulation simulation, string application)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var units = simulation.Model.GetApplication(application).Units.Where(u => u.Life == UnitLife.Alive).ToList();
        if (units.Count == 0)
        {
            return true;
        }

        var clusters = units.Select(u => simulation.Microcluster.ClusterIdOf(u.HostName)).Distinct().ToList();
        return clusters is [{ }];
    }

    /// <summary>
    /// <see cref="AllUnitsClustered"/>, no hook is left to run, and no unit of the model is in <c>error</c> (a hook
    /// failing) or, unless <paramref name="allowBlocked"/>, <c>blocked</c>: the model has settled with the cluster formed
    /// and nothing asks an operator for help.
    /// </summary>
    public static bool Converged(Simulation simulation, string application, bool allowBlocked = false)
        => AllUnitsClustered(simulation, application) && !simulation.HasPendingHooks && Unattended(simulation, allowBlocked);

    /// <summary>No unit is in <c>error</c> or (unless <paramref name="allowBlocked"/>) <c>blocked</c>.</summary>
    public static bool Unattended(Simulation simulation, bool allowBlocked = false)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return simulation.Model.Units.All(u => u.Life != UnitLife.Alive
            || (u.Status.Kind != StatusKind.Error && (allowBlocked || u.Status.Kind != StatusKind.Blocked)));
    }

    /// <summary>How many distinct clusters the application's live units belong to (more than one is a split brain).</summary>
    public static int ClusterCount(Simulation simulation, string application)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return simulation.Model.GetApplication(application).Units
            .Select(u => simulation.Microcluster.ClusterIdOf(u.HostName))
            .Where(id => id is not null)
            .Distinct()
            .Count();
    }
}

using System.Text;
using Charm.Framework.Events;
using Charm.Framework.Model;

namespace Charm.Simulator.Scheduler;

/// <summary>One hook for one unit, with the relation context Juju passes in its environment.</summary>
/// <param name="Unit">The unit, <c>app/3</c>.</param>
/// <param name="Event">The event (its hook name is <see cref="HookName"/>).</param>
/// <param name="Relation">The relation, for relation hooks (<c>JUJU_RELATION_ID</c>).</param>
/// <param name="RemoteApp">The remote application, for relation hooks (<c>JUJU_REMOTE_APP</c>).</param>
/// <param name="RemoteUnit">The remote unit, for joined/changed/departed (<c>JUJU_REMOTE_UNIT</c>); none for an application-data change.</param>
/// <param name="DepartingUnit">The unit leaving, for departed (<c>JUJU_DEPARTING_UNIT</c>).</param>
/// <param name="Action">
/// For an action run by <see cref="Simulation.RunAction"/>, its name: dispatched as <c>actions/&lt;name&gt;</c>
/// (<c>JUJU_ACTION_NAME</c>); <see cref="Event"/> is then <see cref="JujuEventKind.Other"/> with that name.
/// </param>
/// <param name="Storage">For a storage hook, the storage instance's id (<c>JUJU_STORAGE_ID</c>), e.g. <c>data/0</c>.</param>
public sealed record HookInvocation(
    string Unit,
    EventKey Event,
    RelationId? Relation = null,
    string? RemoteApp = null,
    string? RemoteUnit = null,
    string? DepartingUnit = null,
    string? Action = null,
    string? Storage = null)
{
    /// <summary>The hook name, e.g. <c>cluster-relation-changed</c>; for an action, the action's name.</summary>
    public string HookName => Event.HookName;

    /// <summary>What <c>JUJU_DISPATCH_PATH</c> says: <c>hooks/&lt;hook&gt;</c>, or <c>actions/&lt;name&gt;</c> for an action.</summary>
    public string DispatchPath => Action is null ? "hooks/" + HookName : "actions/" + Action;

    /// <summary>The hook and its relation context, e.g. <c>cluster-relation-changed(cluster:1, distributor/0)</c>; <c>actions/&lt;name&gt;</c> for an action.</summary>
    public string Describe()
    {
        if (Action is not null)
        {
            return DispatchPath;
        }

        if (Storage is not null)
        {
            return $"{HookName}({Storage})";
        }

        if (Relation is null)
        {
            return HookName;
        }

        var text = new StringBuilder(HookName).Append('(').Append(Relation.Value.ToString());
        if (RemoteUnit is not null)
        {
            text.Append(", ").Append(RemoteUnit);
        }
        else if (Event.Kind == JujuEventKind.RelationChanged)
        {
            text.Append(", app ").Append(RemoteApp);
        }

        if (DepartingUnit is not null)
        {
            text.Append(", departing ").Append(DepartingUnit);
        }

        return text.Append(')').ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Unit + " " + Describe();
}

using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Model;

namespace Charm.Simulator.Scheduler;

/// <summary>
/// Decides which hooks model changes cause, and queues them where Juju would run them (juju.md, "Hook ordering"):
/// the start-up sequence of a new unit, the created/joined/changed sequence of a relation, changed events after databag
/// writes (coalesced), the departure sequence of a leaving unit or relation, leadership and config changes.
/// </summary>
internal sealed class HookPlanner(SimulatedModel model)
{
    private long _sequence;

    /// <summary>How many hooks were not queued because the same hook was already waiting.</summary>
    public int Coalesced { get; private set; }

    /// <summary>
    /// Queues a new unit's start-up hooks, and <c>relation-created</c> for the relations its application is in. Its
    /// storage's <c>storage-attached</c> hooks come first: Juju's uniter runs them before <c>install</c>.
    /// </summary>
    public void PlanNewUnit(SimulatedUnit unit)
    {
        foreach (var storage in unit.Storage)
        {
            Append(unit, new HookInvocation(unit.Name, EventKey.StorageAttached(storage.Name), Storage: storage.Id));
        }

        Append(unit, new HookInvocation(unit.Name, EventKey.Install));
        Append(unit, new HookInvocation(unit.Name, unit.IsLeader ? EventKey.LeaderElected : EventKey.LeaderSettingsChanged));
        Append(unit, new HookInvocation(unit.Name, EventKey.ConfigChanged));
        Append(unit, new HookInvocation(unit.Name, EventKey.Start));
        foreach (var relation in model.RelationsOf(unit.Application.Name).Where(r => !r.IsDying))
        {
            Enter(unit, relation);
        }
    }

    /// <summary>Queues <c>relation-created</c> on every live unit of both sides of a new relation.</summary>
    public void PlanNewRelation(SimulatedRelation relation)
    {
        var apps = relation.IsPeer ? [relation.First.Application] : new[] { relation.First.Application, relation.Second.Application };
        foreach (var app in apps)
        {
            foreach (var unit in model.GetApplication(app).Units.Where(u => u.Life == UnitLife.Alive))
            {
                Enter(unit, relation);
            }
        }
    }

    /// <summary>
    /// A unit's <c>relation-created</c> succeeded: it is in scope. It and every remote unit in scope now see each other
    /// join: <c>relation-joined</c> then <c>relation-changed</c> on both.
    /// </summary>
    public void PlanEnteredScope(SimulatedUnit unit, SimulatedRelation relation)
    {
        if (!relation.Members.TryGetValue(unit.Name, out var membership) || membership.State != MembershipState.Joining)
        {
            return;
        }

        membership.State = MembershipState.InScope;

        // Entering scope creates the unit's settings, with the addresses Juju fills in, even if the charm writes nothing.
        relation.EnsureUnitData(unit);
        var localApp = unit.Application.Name;
        var remoteApp = relation.RemoteApplicationOf(localApp);
        foreach (var other in relation.Members.Where(m => m.Key != unit.Name && m.Value.State == MembershipState.InScope).Select(m => m.Key).Order(UnitName.TextOrder).ToArray())
        {
            var otherUnit = model.FindUnit(other);
            if (otherUnit is null || !IsRemoteUnit(relation, localApp, otherUnit))
            {
                continue;
            }

            var fromOther = relation.IdFor(otherUnit.Application.Name);
            Append(otherUnit, new HookInvocation(other, EventKey.RelationJoined(fromOther.Endpoint), fromOther, localApp, unit.Name));
            Append(otherUnit, new HookInvocation(other, EventKey.RelationChanged(fromOther.Endpoint), fromOther, localApp, unit.Name));

            var fromUnit = relation.IdFor(localApp);
            Append(unit, new HookInvocation(unit.Name, EventKey.RelationJoined(fromUnit.Endpoint), fromUnit, remoteApp, other));
            Append(unit, new HookInvocation(unit.Name, EventKey.RelationChanged(fromUnit.Endpoint), fromUnit, remoteApp, other));
        }
    }

    /// <summary>
    /// A hook of <paramref name="writer"/> succeeded and changed databags: a unit databag change reaches the remote units
    /// that have seen the writer join; an application databag change reaches the remote application's units in scope (as
    /// <c>relation-changed</c> without a remote unit). Pending identical hooks absorb the change.
    /// </summary>
    public void PlanDataChanges(SimulatedUnit writer, IReadOnlyList<DatabagChange> changes)
    {
        foreach (var change in changes)
        {
            var relation = model.FindRelation(change.Relation.Number);
            if (relation is null)
            {
                continue;
            }

            var writerApp = writer.Application.Name;
            foreach (var (name, membership) in relation.Members.OrderBy(m => m.Key, UnitName.TextOrder).ToArray())
            {
                if (name == writer.Name || membership.State != MembershipState.InScope || model.FindUnit(name) is not { } target)
                {
                    continue;
                }

                if (!IsRemoteUnit(relation, target.Application.Name, writer))
                {
                    continue;
                }

                var id = relation.IdFor(target.Application.Name);
                if (change.IsApplication)
                {
                    Coalesce(target, new HookInvocation(name, EventKey.RelationChanged(id.Endpoint), id, writerApp));
                }
                else if (membership.Seen.Contains(writer.Name))
                {
                    Coalesce(target, new HookInvocation(name, EventKey.RelationChanged(id.Endpoint), id, writerApp, writer.Name));
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="unit"/> is being removed: every remote unit that saw it join gets <c>relation-departed</c>; the unit
    /// gets <c>relation-departed</c> for each remote unit it saw, <c>relation-broken</c> per relation, then <c>stop</c> and
    /// <c>remove</c>.
    /// </summary>
    public void PlanUnitRemoval(SimulatedUnit unit)
    {
        foreach (var relation in model.RelationsOf(unit.Application.Name))
        {
            if (!relation.Members.TryGetValue(unit.Name, out var membership))
            {
                continue;
            }

            if (membership.State == MembershipState.Joining)
            {
                // Never in scope: nobody saw it, and its relation-created need not run any more.
                unit.Queue.RemoveWhere(h => h.Relation?.Number == relation.Number);
                if (!IsRetryingRelationHook(unit, relation))
                {
                    relation.Members.Remove(unit.Name);
                    continue;
                }
            }

            membership.State = MembershipState.Leaving;
            foreach (var (name, other) in relation.Members.Where(m => m.Key != unit.Name).OrderBy(m => m.Key, UnitName.TextOrder).ToArray())
            {
                if (model.FindUnit(name) is not { } otherUnit || !IsRemoteUnit(relation, otherUnit.Application.Name, unit))
                {
                    continue;
                }

                otherUnit.Queue.RemoveWhere(h => h.Relation?.Number == relation.Number && h.RemoteUnit == unit.Name
                    && h.Event.Kind is JujuEventKind.RelationJoined or JujuEventKind.RelationChanged);
                if (other.Seen.Contains(unit.Name))
                {
                    var id = relation.IdFor(otherUnit.Application.Name);
                    Append(otherUnit, new HookInvocation(name, EventKey.RelationDeparted(id.Endpoint), id, unit.Application.Name, unit.Name, unit.Name));
                }
            }

            PlanLeaving(unit, relation, membership, departing: _ => unit.Name);
        }

        // Juju runs storage-detaching before the unit's stop hook.
        foreach (var storage in unit.Storage)
        {
            Append(unit, new HookInvocation(unit.Name, EventKey.StorageDetaching(storage.Name), Storage: storage.Id));
        }

        Append(unit, new HookInvocation(unit.Name, EventKey.Stop));
        Append(unit, new HookInvocation(unit.Name, EventKey.Remove));
    }

    /// <summary>The relation is being removed: each unit in it departs from every remote unit it saw, then gets <c>relation-broken</c>.</summary>
    public void PlanRelationRemoval(SimulatedRelation relation)
    {
        foreach (var (name, membership) in relation.Members.OrderBy(m => m.Key, UnitName.TextOrder).ToArray())
        {
            if (model.FindUnit(name) is not { } unit)
            {
                relation.Members.Remove(name);
                continue;
            }

            if (membership.State == MembershipState.Joining && !IsRetryingRelationHook(unit, relation))
            {
                unit.Queue.RemoveWhere(h => h.Relation?.Number == relation.Number);
                relation.Members.Remove(name);
                continue;
            }

            if (membership.State == MembershipState.Leaving)
            {
                continue;
            }

            membership.State = MembershipState.Leaving;
            PlanLeaving(unit, relation, membership, departing: remote => remote);
        }
    }

    /// <summary>Leadership moved to <paramref name="leader"/>: <c>leader-elected</c> there, <c>leader-settings-changed</c> on the other units.</summary>
    public void PlanLeaderChange(SimulatedApplication application, SimulatedUnit leader)
    {
        Coalesce(leader, new HookInvocation(leader.Name, EventKey.LeaderElected));
        foreach (var unit in application.Units.Where(u => u != leader && u.Life == UnitLife.Alive))
        {
            Coalesce(unit, new HookInvocation(unit.Name, EventKey.LeaderSettingsChanged));
        }
    }

    /// <summary>The application's config changed: <c>config-changed</c> on each live unit.</summary>
    public void PlanConfigChanged(SimulatedApplication application)
    {
        foreach (var unit in application.Units.Where(u => u.Life == UnitLife.Alive))
        {
            Coalesce(unit, new HookInvocation(unit.Name, EventKey.ConfigChanged));
        }
    }

    /// <summary><c>update-status</c> on each given unit that has started and is alive.</summary>
    public void PlanUpdateStatus(IEnumerable<SimulatedUnit> units)
    {
        foreach (var unit in units.Where(u => u.Life == UnitLife.Alive && u.IsStarted))
        {
            Coalesce(unit, new HookInvocation(unit.Name, EventKey.UpdateStatus));
        }
    }

    /// <summary>Queues a hook unless the same one is already waiting; returns whether it was queued.</summary>
    public bool Coalesce(SimulatedUnit unit, HookInvocation hook)
    {
        if (unit.Queue.Contains(hook))
        {
            Coalesced++;
            return false;
        }

        Append(unit, hook);
        return true;
    }

    private void PlanLeaving(SimulatedUnit unit, SimulatedRelation relation, RelationMembership membership, Func<string, string> departing)
    {
        var id = relation.IdFor(unit.Application.Name);
        var remoteApp = relation.RemoteApplicationOf(unit.Application.Name);
        unit.Queue.RemoveWhere(h => h.Relation?.Number == relation.Number
            && h.Event.Kind is JujuEventKind.RelationJoined or JujuEventKind.RelationChanged or JujuEventKind.RelationCreated);
        foreach (var remote in membership.Seen.ToArray())
        {
            Append(unit, new HookInvocation(unit.Name, EventKey.RelationDeparted(id.Endpoint), id, remoteApp, remote, departing(remote)));
        }

        Append(unit, new HookInvocation(unit.Name, EventKey.RelationBroken(id.Endpoint), id, remoteApp));
    }

    private void Enter(SimulatedUnit unit, SimulatedRelation relation)
    {
        if (relation.Members.ContainsKey(unit.Name))
        {
            return;
        }

        relation.Members[unit.Name] = new RelationMembership();
        var id = relation.IdFor(unit.Application.Name);
        var hook = new PendingHook(
            new HookInvocation(unit.Name, EventKey.RelationCreated(id.Endpoint), id, relation.RemoteApplicationOf(unit.Application.Name)),
            ++_sequence);
        if (unit.IsStarted)
        {
            unit.Queue.Add(hook);
        }
        else
        {
            unit.Queue.InsertBeforeStartupTail(hook);
        }
    }

    private void Append(SimulatedUnit unit, HookInvocation hook) => unit.Queue.Add(new PendingHook(hook, ++_sequence));

    private static bool IsRetryingRelationHook(SimulatedUnit unit, SimulatedRelation relation)
        => unit.Queue.Head is { FailedAttempts: > 0 } head && head.Invocation.Relation?.Number == relation.Number;

    /// <summary>Whether <paramref name="candidate"/> is a remote unit for a unit of <paramref name="localApp"/> in the relation.</summary>
    private static bool IsRemoteUnit(SimulatedRelation relation, string localApp, SimulatedUnit candidate)
        => relation.IsPeer ? candidate.Application.Name == localApp : candidate.Application.Name == relation.RemoteApplicationOf(localApp);
}

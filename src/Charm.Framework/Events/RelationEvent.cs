using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>A relation hook: <c>-relation-created</c>, <c>-joined</c>, <c>-changed</c>, <c>-departed</c> or <c>-broken</c>.</summary>
public class RelationEvent : HookEvent
{
    internal RelationEvent(EventKey key, JujuModel model, Relation relation, string? remoteApp, string? remoteUnit, string? departingUnit)
        : base(key, model)
    {
        Relation = relation;
        RemoteApp = remoteApp;
        RemoteUnit = remoteUnit;
        DepartingUnit = departingUnit;
    }

    /// <summary>The relation the event is about.</summary>
    public Relation Relation { get; }

    /// <summary>The remote application (<c>JUJU_REMOTE_APP</c>), if Juju named it.</summary>
    public string? RemoteApp { get; }

    /// <summary>The remote unit the event is about (<c>JUJU_REMOTE_UNIT</c>), on joined, changed and departed.</summary>
    public string? RemoteUnit { get; }

    /// <summary>The unit that is leaving (<c>JUJU_DEPARTING_UNIT</c>), on departed.</summary>
    public string? DepartingUnit { get; }
}

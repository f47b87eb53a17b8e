using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>&lt;endpoint&gt;-relation-broken</c> hook.</summary>
public sealed class RelationBrokenEvent : RelationEvent
{
    internal RelationBrokenEvent(JujuModel model, Relation relation, string? remoteApp, string? remoteUnit, string? departingUnit)
        : base(EventKey.RelationBroken(relation.Endpoint), model, relation, remoteApp, remoteUnit, departingUnit)
    {
    }
}

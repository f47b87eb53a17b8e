using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>&lt;endpoint&gt;-relation-changed</c> hook.</summary>
public sealed class RelationChangedEvent : RelationEvent
{
    internal RelationChangedEvent(JujuModel model, Relation relation, string? remoteApp, string? remoteUnit, string? departingUnit)
        : base(EventKey.RelationChanged(relation.Endpoint), model, relation, remoteApp, remoteUnit, departingUnit)
    {
    }
}

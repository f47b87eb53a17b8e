using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>&lt;endpoint&gt;-relation-departed</c> hook.</summary>
public sealed class RelationDepartedEvent : RelationEvent
{
    internal RelationDepartedEvent(JujuModel model, Relation relation, string? remoteApp, string? remoteUnit, string? departingUnit)
        : base(EventKey.RelationDeparted(relation.Endpoint), model, relation, remoteApp, remoteUnit, departingUnit)
    {
    }
}

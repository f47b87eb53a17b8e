using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>&lt;endpoint&gt;-relation-created</c> hook.</summary>
public sealed class RelationCreatedEvent : RelationEvent
{
    internal RelationCreatedEvent(JujuModel model, Relation relation, string? remoteApp, string? remoteUnit, string? departingUnit)
        : base(EventKey.RelationCreated(relation.Endpoint), model, relation, remoteApp, remoteUnit, departingUnit)
    {
    }
}

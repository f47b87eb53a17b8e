using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>&lt;endpoint&gt;-relation-joined</c> hook.</summary>
public sealed class RelationJoinedEvent : RelationEvent
{
    internal RelationJoinedEvent(JujuModel model, Relation relation, string? remoteApp, string? remoteUnit, string? departingUnit)
        : base(EventKey.RelationJoined(relation.Endpoint), model, relation, remoteApp, remoteUnit, departingUnit)
    {
    }
}

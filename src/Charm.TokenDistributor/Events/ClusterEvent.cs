using Charm.Framework.Events;
using Charm.Framework.Model;

namespace Charm.TokenDistributor.Events;

/// <summary>The base of the token distributor's library events: raised during a hook, about one relation.</summary>
public abstract class ClusterEvent : EventBase
{
    /// <summary>Creates the event.</summary>
    protected ClusterEvent(Relation relation) => Relation = relation ?? throw new ArgumentNullException(nameof(relation));

    /// <summary>The token distributor relation.</summary>
    public Relation Relation { get; }

    /// <summary>The short event name, e.g. <c>joined</c>.</summary>
    protected abstract string Kind { get; }

    /// <inheritdoc />
    public override string Name => Relation.Endpoint + "-" + Kind;
}

using Charm.Framework.Model;

namespace Charm.TokenDistributor.Events;

/// <summary>This unit is now a cluster member: it bootstrapped the cluster, or joined it with a token.</summary>
public sealed class ClusterJoinedEvent : ClusterEvent
{
    /// <summary>Creates the event.</summary>
    public ClusterJoinedEvent(Relation relation, bool bootstrapper)
        : base(relation) => Bootstrapper = bootstrapper;

    /// <summary>Whether this unit bootstrapped the cluster (rather than joining it).</summary>
    public bool Bootstrapper { get; }

    /// <inheritdoc />
    protected override string Kind => "joined";
}

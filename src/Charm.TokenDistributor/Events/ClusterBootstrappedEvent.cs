using Charm.Framework.Model;

namespace Charm.TokenDistributor.Events;

/// <summary>This unit bootstrapped a new cluster.</summary>
public sealed class ClusterBootstrappedEvent : ClusterEvent
{
    /// <summary>Creates the event.</summary>
    public ClusterBootstrappedEvent(Relation relation)
        : base(relation)
    {
    }

    /// <inheritdoc />
    protected override string Kind => "bootstrapped";
}

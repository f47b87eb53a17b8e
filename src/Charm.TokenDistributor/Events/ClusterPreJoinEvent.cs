using Charm.Framework.Model;

namespace Charm.TokenDistributor.Events;

/// <summary>This unit is about to join the cluster with a token from the mirror.</summary>
public sealed class ClusterPreJoinEvent : ClusterEvent
{
    /// <summary>Creates the event.</summary>
    public ClusterPreJoinEvent(Relation relation)
        : base(relation)
    {
    }

    /// <inheritdoc />
    protected override string Kind => "prejoin";
}

using Charm.Framework.Model;

namespace Charm.TokenDistributor.Events;

/// <summary>This unit is about to bootstrap a cluster (the workload should be ready).</summary>
public sealed class ClusterPreBootstrapEvent : ClusterEvent
{
    /// <summary>Creates the event.</summary>
    public ClusterPreBootstrapEvent(Relation relation)
        : base(relation)
    {
    }

    /// <inheritdoc />
    protected override string Kind => "prebootstrap";
}

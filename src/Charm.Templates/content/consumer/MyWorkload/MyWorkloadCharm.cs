using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor;
using Charm.TokenDistributor.Events;

namespace MyWorkload;

/// <summary>
/// The workload charm: the unit the distributor names bootstraps the cluster, the others join with the tokens it
/// mirrors. The generated half (the source generator in Charm.TokenDistributor) wires the hooks below, implements the
/// <c>[MirrorKey]</c> property and provides <c>Main</c>.
/// </summary>
[TokenDistributorConsumer("cluster", "microctl")]
public sealed partial class MyWorkloadCharm : CharmBase
{
    /// <summary>
    /// A cluster member's host that every unit can contact, shared with every unit through the distributor. Only the
    /// unit whose mirror the distributor copies may set it (<see cref="ClusterTokenDistributor.PublishesMirror"/>).
    /// </summary>
    [MirrorKey("contact-host")] public partial string? ContactHost { get; set; }

    partial void OnClusterPreBootstrap(ClusterPreBootstrapEvent e) => Unit.Status = Status.Maintenance("Bootstrapping the cluster");

    partial void OnClusterPreJoin(ClusterPreJoinEvent e) => Unit.Status = Status.Maintenance("Joining the cluster");

    partial void OnClusterJoined(ClusterJoinedEvent e)
        => Unit.Status = Status.Active(e.Bootstrapper ? "Bootstrapped the cluster" : "Joined the cluster");

    [On(JujuEventKind.UpdateStatus)]
    private void OnUpdateStatus()
    {
        if (Cluster.InCluster && Cluster.PublishesMirror && ContactHost is null)
        {
            // This unit is the communicator, a member the distributor copies mirrored values from.
            ContactHost = Context.HostName;
        }

        if (Cluster.InCluster && Unit.Status.Kind != StatusKind.Active)
        {
            Unit.Status = Status.Active("In the cluster");
        }
    }
}

using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor;
using Charm.TokenDistributor.Events;

namespace MicroctlCharm;

/// <summary>
/// A workload whose units form one microcluster through the token distributor: the leader bootstraps, the others
/// join with the tokens the distributor mirrors. The generated half wires the hooks and provides <c>Main</c>.
/// </summary>
[TokenDistributorConsumer("cluster", "microctl")]
public sealed partial class MicroctlCharm : CharmBase
{
    partial void OnClusterPreBootstrap(ClusterPreBootstrapEvent e) => Unit.Status = Status.Maintenance("Bootstrapping the cluster");

    partial void OnClusterPreJoin(ClusterPreJoinEvent e) => Unit.Status = Status.Maintenance("Joining the cluster");

    partial void OnClusterJoined(ClusterJoinedEvent e)
        => Unit.Status = Status.Active(e.Bootstrapper ? "Bootstrapped the cluster" : "Joined the cluster");

    partial void OnClusterTokenGenerated(TokenGeneratedEvent e) => Log.Info($"issued a join token for {e.HostName}");

    [On(JujuEventKind.UpdateStatus)]
    private void OnUpdateStatus(UpdateStatusEvent e)
    {
        if (Cluster.InCluster && Unit.Status.Kind != StatusKind.Active)
        {
            Unit.Status = Status.Active("In the cluster");
        }
    }
}

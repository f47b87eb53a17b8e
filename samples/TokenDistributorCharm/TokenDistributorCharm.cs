using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor;

namespace TokenDistributorCharm;

/// <summary>
/// The distributor: its leader mirrors host names and join tokens between the units of the related workload.
/// Wire-compatible with the Python microcluster-token-distributor charm.
/// </summary>
[TokenDistributorProvider("microcluster-cluster")]
public sealed partial class TokenDistributorCharm : CharmBase
{
    [On(JujuEventKind.Start)]
    private void OnStart(StartEvent e) => ShowRole();

    [On(JujuEventKind.LeaderElected)]
    private void OnLeaderElected(LeaderElectedEvent e) => ShowRole();

    [On(JujuEventKind.LeaderSettingsChanged)]
    private void OnLeaderSettingsChanged(LeaderSettingsChangedEvent e) => ShowRole();

    private void ShowRole() => Unit.Status = Status.Active(Unit.IsLeader ? "Mirroring join tokens" : "Standing by");
}

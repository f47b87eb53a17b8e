using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor;

namespace MyDistributor;

/// <summary>
/// The token distributor: its leader mirrors the host names and join tokens of the related workload's units, so that
/// they form one cluster. The generated half wires the provider and provides <c>Main</c>.
/// </summary>
[TokenDistributorProvider("microcluster-cluster")]
public sealed partial class MyDistributorCharm : CharmBase
{
    [On(JujuEventKind.Start)]
    private void OnStart() => ShowRole();

    [On(JujuEventKind.LeaderElected)]
    private void OnLeaderElected() => ShowRole();

    [On(JujuEventKind.LeaderSettingsChanged)]
    private void OnLeaderSettingsChanged() => ShowRole();

    private void ShowRole() => Unit.Status = Status.Active(Unit.IsLeader ? "Mirroring join tokens" : "Standing by");
}

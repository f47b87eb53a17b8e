using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor.Provider;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>
/// The built-in demo distributor charm: the library's <see cref="TokenDistributorProvider"/> on
/// <c>microcluster-cluster</c>, plus a status that says which unit mirrors.
/// </summary>
internal sealed class DemoDistributorCharm : CharmBase
{
    public const string Endpoint = "microcluster-cluster";

    public DemoDistributorCharm(CharmContext context)
        : base(context)
    {
        _ = new TokenDistributorProvider(this, Endpoint);
        Framework.Observe<StartEvent>(EventKey.Start, "demo-distributor/start", _ => ShowRole());
        Framework.Observe<LeaderElectedEvent>(EventKey.LeaderElected, "demo-distributor/leader-elected", _ => ShowRole());
        Framework.Observe<LeaderSettingsChangedEvent>(EventKey.LeaderSettingsChanged, "demo-distributor/leader-settings-changed", _ => ShowRole());
    }

    private void ShowRole() => Unit.Status = Status.Active(Unit.IsLeader ? "Mirroring join tokens" : "Standing by");
}

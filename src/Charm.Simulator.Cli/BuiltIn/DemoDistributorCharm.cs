using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>
/// The built-in demo distributor charm: the provider side of the token distributor protocol (docs/protocol.md). The
/// leader is the mirror: it lists <c>mirror-&lt;host&gt;=empty</c> for every consumer host, copies the tokens the
/// communicator publishes (a real token beats <c>empty</c>), and forgets hosts no consumer publishes any more.
/// </summary>
internal sealed class DemoDistributorCharm : CharmBase
{
    public const string Endpoint = "microcluster-cluster";

    public DemoDistributorCharm(CharmContext context)
        : base(context)
    {
        Framework.Observe<LeaderElectedEvent>(EventKey.LeaderElected, "demo-distributor.elected", _ => ReconcileAll());
        Framework.Observe<LeaderSettingsChangedEvent>(EventKey.LeaderSettingsChanged, "demo-distributor.settings", _ => ReconcileAll());
        Framework.Observe<UpdateStatusEvent>(EventKey.UpdateStatus, "demo-distributor.update-status", _ => ReconcileAll());
        Framework.Observe<RelationJoinedEvent>(EventKey.RelationJoined(Endpoint), "demo-distributor.joined", e => Reconcile(e.Relation));
        Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged(Endpoint), "demo-distributor.changed", e => Reconcile(e.Relation));
        Framework.Observe<RelationDepartedEvent>(EventKey.RelationDeparted(Endpoint), "demo-distributor.departed", e => Reconcile(e.Relation));
    }

    private void ReconcileAll()
    {
        foreach (var relation in Model.Relations(Endpoint))
        {
            Reconcile(relation);
        }

        if (!Unit.IsLeader)
        {
            Unit.Status = Status.Active("Standing by");
        }
    }

    private void Reconcile(Relation relation)
    {
        var own = relation.LocalUnitData;
        if (!Unit.IsLeader)
        {
            if (own[MirrorData.MirrorKey] is not null and not MirrorData.Down)
            {
                own[MirrorData.MirrorKey] = MirrorData.Down;
            }

            return;
        }

        own[MirrorData.MirrorKey] = MirrorData.Up;
        var remotes = relation.RemoteUnitsData().ToList();
        var hosts = remotes.Select(r => r.Data[MirrorData.HostnameKey]).Where(h => !string.IsNullOrEmpty(h)).Select(h => h!).ToHashSet(StringComparer.Ordinal);
        foreach (var host in hosts.Order(StringComparer.Ordinal))
        {
            if (!own.ContainsKey(MirrorData.Prefix + host))
            {
                own[MirrorData.Prefix + host] = MirrorData.Empty;
            }
        }

        foreach (var (_, data) in remotes.Where(r => r.Data[MirrorData.MirrorKey] == MirrorData.Up))
        {
            foreach (var (key, value) in data.Where(p => p.Key.StartsWith(MirrorData.Prefix, StringComparison.Ordinal)))
            {
                var held = own[key];
                if (value != MirrorData.Empty || held is null)
                {
                    own[key] = value;
                }
            }
        }

        foreach (var key in own.Keys.Where(k => k.StartsWith(MirrorData.Prefix, StringComparison.Ordinal)).ToList())
        {
            if (!hosts.Contains(key[MirrorData.Prefix.Length..]))
            {
                own.Remove(key);
            }
        }

        Unit.Status = Status.Active($"Mirroring {hosts.Count} host(s)");
    }
}

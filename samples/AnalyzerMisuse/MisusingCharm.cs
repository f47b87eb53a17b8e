using Charm.Framework;
using Charm.Framework.Events;
using Charm.TokenDistributor;

namespace AnalyzerMisuse;

/// <summary>A charm that writes the distributor's databag: Juju refuses it, and so does the build.</summary>
[TokenDistributorConsumer("cluster", "microctl")]
public sealed partial class MisusingCharm : CharmBase
{
    [On(JujuEventKind.RelationChanged, "cluster")]
    private void OnChanged(RelationChangedEvent e)
    {
        // A remote unit's databag is read only: this line is the analyzer's error.
        e.Relation.RemoteUnitData(e.RemoteUnit!)["mirror"] = "down";
    }
}

using System.Globalization;
using Charm.Framework.Events;
using Charm.Framework.Model;

namespace Charm.Framework.TestCharm;

/// <summary>
/// What the test charm does when it runs as a process: on install it sets a maintenance status; on
/// <c>cluster-relation-changed</c> it counts the hooks in stored state and writes its host name and the count to its own
/// unit databag, then fails when <c>TEST_CHARM_FAIL=1</c> (so a test sees that nothing was committed).
/// </summary>
public static class ProcessScript
{
    /// <summary>Observes the two events; the observer ids are the ones the tests' deferred notices name.</summary>
    public static void Observe(DelegateCharm charm)
    {
        ArgumentNullException.ThrowIfNull(charm);
        charm.Framework.Observe<InstallEvent>(EventKey.Install, "test-charm.install", _ => charm.Unit.Status = Status.Maintenance("installed by test charm"));
        charm.Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged("cluster"), "test-charm.changed", e => OnChanged(charm, e));
    }

    private static void OnChanged(DelegateCharm charm, RelationChangedEvent e)
    {
        var state = charm.Framework.GetStoredState("test-charm");
        var count = state.GetInt64("changed") + 1;
        state.Set("changed", count);
        e.Relation.LocalUnitData["hostname"] = charm.Context.HostName;
        e.Relation.LocalUnitData["seen"] = count.ToString(CultureInfo.InvariantCulture);
        if (Environment.GetEnvironmentVariable("TEST_CHARM_FAIL") == "1")
        {
            throw new InvalidOperationException("failing on purpose");
        }
    }
}

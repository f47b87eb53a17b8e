using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;

return Dispatcher.Run(ctx => new TestCharm(ctx));

/// <summary>Sets a status on install, and on relation-changed writes its own unit databag and counts hooks in stored state.</summary>
internal sealed class TestCharm : CharmBase
{
    public TestCharm(CharmContext context)
        : base(context)
    {
        Framework.Observe<InstallEvent>(EventKey.Install, "test-charm.install", _ => Unit.Status = Status.Maintenance("installed by test charm"));
        Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged("cluster"), "test-charm.changed", OnChanged);
    }

    private void OnChanged(RelationChangedEvent e)
    {
        var state = Framework.GetStoredState("test-charm");
        var count = state.GetInt64("changed") + 1;
        state.Set("changed", count);
        e.Relation.LocalUnitData["hostname"] = Context.HostName;
        e.Relation.LocalUnitData["seen"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Environment.GetEnvironmentVariable("TEST_CHARM_FAIL") == "1")
        {
            throw new InvalidOperationException("failing on purpose");
        }
    }
}

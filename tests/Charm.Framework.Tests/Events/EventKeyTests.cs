using Charm.Framework.Events;

namespace Charm.Framework.Tests.Events;

/// <summary>Hook names map to events and back the way Juju names them (<c>&lt;endpoint&gt;-relation-&lt;kind&gt;</c>).</summary>
public sealed class EventKeyTests
{
    [Theory]
    [InlineData("install", JujuEventKind.Install, null)]
    [InlineData("leader-settings-changed", JujuEventKind.LeaderSettingsChanged, null)]
    [InlineData("cluster-relation-changed", JujuEventKind.RelationChanged, "cluster")]
    [InlineData("microcluster-cluster-relation-created", JujuEventKind.RelationCreated, "microcluster-cluster")]
    [InlineData("my-relation-relation-broken", JujuEventKind.RelationBroken, "my-relation")]
    [InlineData("db-relation-departed", JujuEventKind.RelationDeparted, "db")]
    [InlineData("secret-changed", JujuEventKind.SecretChanged, null)]
    [InlineData("secret-expired", JujuEventKind.SecretExpired, null)]
    [InlineData("storage-attached", JujuEventKind.Other, "storage-attached")]
    [InlineData("-relation-changed", JujuEventKind.Other, "-relation-changed")]
    [InlineData("actions/add-osd", JujuEventKind.Action, "add-osd")]
    public void HookNamesMapToEvents(string hook, JujuEventKind kind, string? endpoint)
    {
        var key = EventKey.FromHookName(hook);
        Assert.Equal(new EventKey(kind, endpoint), key);
        Assert.Equal(hook, key.HookName);
    }
}

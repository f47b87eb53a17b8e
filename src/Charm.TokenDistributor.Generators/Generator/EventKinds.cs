using Charm.TokenDistributor.Generators.Generator.Spec;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>What the framework calls each <see cref="EventKind"/>: its event class and its <c>EventKey</c> member.</summary>
internal static class EventKinds
{
    /// <summary>Whether <paramref name="kind"/> is a relation event (it needs an endpoint).</summary>
    public static bool IsRelationEvent(EventKind kind) => kind is >= EventKind.RelationCreated and <= EventKind.RelationBroken;

    /// <summary>Whether <paramref name="kind"/> is a secret event (the framework hands it a <c>SecretEvent</c>).</summary>
    public static bool IsSecretEvent(EventKind kind) => kind is >= EventKind.SecretChanged and <= EventKind.SecretExpired;

    /// <summary>Whether <paramref name="kind"/> is a storage event (the framework hands it a <c>StorageEvent</c>).</summary>
    public static bool IsStorageEvent(EventKind kind) => kind is EventKind.StorageAttached or EventKind.StorageDetaching;

    /// <summary>Whether <paramref name="kind"/> needs a name: a relation event its endpoint, an action the action's name, a storage event the storage's.</summary>
    public static bool NeedsName(EventKind kind) => IsRelationEvent(kind) || kind == EventKind.Action || IsStorageEvent(kind);

    /// <summary>The highest kind the generator wires.</summary>
    public const EventKind Last = EventKind.StorageDetaching;

    /// <summary>
    /// The framework's event class, e.g. <c>ConfigChangedEvent</c>: the enum member's name and <c>Event</c>, except that
    /// the four secret kinds share <c>SecretEvent</c>.
    /// </summary>
    public static string ClassName(EventKind kind) => IsSecretEvent(kind) ? "SecretEvent" : Name(kind) + "Event";

    /// <summary>The enum member's name, without going through <see cref="System.Enum.ToString()"/>.</summary>
    public static string Name(EventKind kind) => kind switch
    {
        EventKind.Install => "Install",
        EventKind.Start => "Start",
        EventKind.Stop => "Stop",
        EventKind.Remove => "Remove",
        EventKind.ConfigChanged => "ConfigChanged",
        EventKind.UpgradeCharm => "UpgradeCharm",
        EventKind.UpdateStatus => "UpdateStatus",
        EventKind.LeaderElected => "LeaderElected",
        EventKind.LeaderSettingsChanged => "LeaderSettingsChanged",
        EventKind.RelationCreated => "RelationCreated",
        EventKind.RelationJoined => "RelationJoined",
        EventKind.RelationChanged => "RelationChanged",
        EventKind.RelationDeparted => "RelationDeparted",
        EventKind.RelationBroken => "RelationBroken",
        EventKind.Action => "Action",
        EventKind.SecretChanged => "SecretChanged",
        EventKind.SecretRotate => "SecretRotate",
        EventKind.SecretRemove => "SecretRemove",
        EventKind.SecretExpired => "SecretExpired",
        EventKind.StorageAttached => "StorageAttached",
        EventKind.StorageDetaching => "StorageDetaching",
        _ => "Other",
    };

    /// <summary>The kind named <paramref name="name"/> (a <c>JujuEventKind</c> member name).</summary>
    public static bool TryParse(string name, out EventKind kind)
    {
        for (var k = EventKind.Other; k <= Last; k++)
        {
            if (Name(k) == name)
            {
                kind = k;
                return true;
            }
        }

        kind = EventKind.Other;
        return false;
    }

    /// <summary>
    /// The hook name Juju dispatches, e.g. <c>config-changed</c>, <c>cluster-relation-changed</c> or (as the framework's
    /// <c>EventKey.HookName</c> names an action) <c>actions/list-members</c>: the generated
    /// observer ids of <c>[On]</c> handlers are built from it (<c>Class/hook</c>), so it must never change.
    /// </summary>
    public static string HookName(EventKind kind, string? endpoint) => kind switch
    {
        EventKind.Install => "install",
        EventKind.Start => "start",
        EventKind.Stop => "stop",
        EventKind.Remove => "remove",
        EventKind.ConfigChanged => "config-changed",
        EventKind.UpgradeCharm => "upgrade-charm",
        EventKind.UpdateStatus => "update-status",
        EventKind.LeaderElected => "leader-elected",
        EventKind.LeaderSettingsChanged => "leader-settings-changed",
        EventKind.RelationCreated => endpoint + "-relation-created",
        EventKind.RelationJoined => endpoint + "-relation-joined",
        EventKind.RelationChanged => endpoint + "-relation-changed",
        EventKind.RelationDeparted => endpoint + "-relation-departed",
        EventKind.RelationBroken => endpoint + "-relation-broken",
        EventKind.Action => "actions/" + endpoint,
        EventKind.SecretChanged => "secret-changed",
        EventKind.SecretRotate => "secret-rotate",
        EventKind.SecretRemove => "secret-remove",
        EventKind.SecretExpired => "secret-expired",
        EventKind.StorageAttached => endpoint + "-storage-attached",
        EventKind.StorageDetaching => endpoint + "-storage-detaching",
        _ => string.Empty,
    };
}

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>
/// Mirror of <c>Charm.Framework.Events.JujuEventKind</c>, with the same numeric values (the generator reads the
/// attribute's constant, and has no reference to the runtime assembly).
/// </summary>
internal enum EventKind
{
    /// <summary>Not modelled; never observed.</summary>
    Other = 0,
    /// <summary><c>install</c>.</summary>
    Install = 1,
    /// <summary><c>start</c>.</summary>
    Start = 2,
    /// <summary><c>stop</c>.</summary>
    Stop = 3,
    /// <summary><c>remove</c>.</summary>
    Remove = 4,
    /// <summary><c>config-changed</c>.</summary>
    ConfigChanged = 5,
    /// <summary><c>upgrade-charm</c>.</summary>
    UpgradeCharm = 6,
    /// <summary><c>update-status</c>.</summary>
    UpdateStatus = 7,
    /// <summary><c>leader-elected</c>.</summary>
    LeaderElected = 8,
    /// <summary><c>leader-settings-changed</c>.</summary>
    LeaderSettingsChanged = 9,
    /// <summary><c>&lt;endpoint&gt;-relation-created</c>.</summary>
    RelationCreated = 10,
    /// <summary><c>&lt;endpoint&gt;-relation-joined</c>.</summary>
    RelationJoined = 11,
    /// <summary><c>&lt;endpoint&gt;-relation-changed</c>.</summary>
    RelationChanged = 12,
    /// <summary><c>&lt;endpoint&gt;-relation-departed</c>.</summary>
    RelationDeparted = 13,
    /// <summary><c>&lt;endpoint&gt;-relation-broken</c>.</summary>
    RelationBroken = 14,
    /// <summary>An action, <c>actions/&lt;name&gt;</c>; the handler's name is the action's.</summary>
    Action = 15,
    /// <summary><c>secret-changed</c>.</summary>
    SecretChanged = 16,
    /// <summary><c>secret-rotate</c>.</summary>
    SecretRotate = 17,
    /// <summary><c>secret-remove</c>.</summary>
    SecretRemove = 18,
    /// <summary><c>secret-expired</c>.</summary>
    SecretExpired = 19,
    /// <summary><c>&lt;storage&gt;-storage-attached</c>; the handler's name is the storage's.</summary>
    StorageAttached = 20,
    /// <summary><c>&lt;storage&gt;-storage-detaching</c>; the handler's name is the storage's.</summary>
    StorageDetaching = 21,
}

namespace Charm.Framework.Events;

/// <summary>The kinds of Juju event a charm is dispatched for.</summary>
public enum JujuEventKind
{
    /// <summary>A hook name the framework does not model: a handler gets a plain <see cref="HookEvent"/>; unobserved, it succeeds unhandled.</summary>
    Other,
    /// <summary><c>install</c>.</summary>
    Install,
    /// <summary><c>start</c>.</summary>
    Start,
    /// <summary><c>stop</c>.</summary>
    Stop,
    /// <summary><c>remove</c>.</summary>
    Remove,
    /// <summary><c>config-changed</c>.</summary>
    ConfigChanged,
    /// <summary><c>upgrade-charm</c>.</summary>
    UpgradeCharm,
    /// <summary><c>update-status</c>.</summary>
    UpdateStatus,
    /// <summary><c>leader-elected</c>.</summary>
    LeaderElected,
    /// <summary><c>leader-settings-changed</c>.</summary>
    LeaderSettingsChanged,
    /// <summary><c>&lt;endpoint&gt;-relation-created</c>.</summary>
    RelationCreated,
    /// <summary><c>&lt;endpoint&gt;-relation-joined</c>.</summary>
    RelationJoined,
    /// <summary><c>&lt;endpoint&gt;-relation-changed</c>.</summary>
    RelationChanged,
    /// <summary><c>&lt;endpoint&gt;-relation-departed</c>.</summary>
    RelationDeparted,
    /// <summary><c>&lt;endpoint&gt;-relation-broken</c>.</summary>
    RelationBroken,
    /// <summary>An action, <c>actions/&lt;name&gt;</c> (<c>juju run</c>); the key's name is the action's.</summary>
    Action,
    /// <summary><c>secret-changed</c>: a secret this unit reads has a new revision.</summary>
    SecretChanged,
    /// <summary><c>secret-rotate</c>: a secret this charm owns is due for rotation.</summary>
    SecretRotate,
    /// <summary><c>secret-remove</c>: a revision of an owned secret is no longer read by anyone.</summary>
    SecretRemove,
    /// <summary><c>secret-expired</c>: a revision of an owned secret expired.</summary>
    SecretExpired,
    /// <summary><c>&lt;storage&gt;-storage-attached</c>: a storage instance is attached (on a new unit, before <c>install</c>); the key's name is the storage's.</summary>
    StorageAttached,
    /// <summary><c>&lt;storage&gt;-storage-detaching</c>: a storage instance is about to be detached; the key's name is the storage's.</summary>
    StorageDetaching,
}

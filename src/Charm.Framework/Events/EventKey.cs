namespace Charm.Framework.Events;

/// <summary>
/// Which Juju event: its kind and, for relation events, the endpoint. Built from the hook name Juju dispatches
/// (<c>cluster-relation-changed</c>) and used to observe events.
/// </summary>
/// <param name="Kind">The event kind.</param>
/// <param name="Endpoint">The endpoint, for relation events; the action name, for <see cref="JujuEventKind.Action"/>; the storage name, for storage events; the hook name, for <see cref="JujuEventKind.Other"/>.</param>
public readonly record struct EventKey(JujuEventKind Kind, string? Endpoint = null)
{
    private const string ActionPrefix = "actions/";
    private const string StorageAttachedSuffix = "-storage-attached";
    private const string StorageDetachingSuffix = "-storage-detaching";

    private static readonly (string Suffix, JujuEventKind Kind)[] RelationSuffixes =
    [
        ("-relation-created", JujuEventKind.RelationCreated),
        ("-relation-joined", JujuEventKind.RelationJoined),
        ("-relation-changed", JujuEventKind.RelationChanged),
        ("-relation-departed", JujuEventKind.RelationDeparted),
        ("-relation-broken", JujuEventKind.RelationBroken),
    ];

    /// <summary><c>install</c>.</summary>
    public static EventKey Install => new(JujuEventKind.Install);

    /// <summary><c>start</c>.</summary>
    public static EventKey Start => new(JujuEventKind.Start);

    /// <summary><c>stop</c>.</summary>
    public static EventKey Stop => new(JujuEventKind.Stop);

    /// <summary><c>remove</c>.</summary>
    public static EventKey Remove => new(JujuEventKind.Remove);

    /// <summary><c>config-changed</c>.</summary>
    public static EventKey ConfigChanged => new(JujuEventKind.ConfigChanged);

    /// <summary><c>upgrade-charm</c>.</summary>
    public static EventKey UpgradeCharm => new(JujuEventKind.UpgradeCharm);

    /// <summary><c>update-status</c>.</summary>
    public static EventKey UpdateStatus => new(JujuEventKind.UpdateStatus);

    /// <summary><c>leader-elected</c>.</summary>
    public static EventKey LeaderElected => new(JujuEventKind.LeaderElected);

    /// <summary><c>leader-settings-changed</c>.</summary>
    public static EventKey LeaderSettingsChanged => new(JujuEventKind.LeaderSettingsChanged);

    /// <summary><c>&lt;endpoint&gt;-relation-created</c>.</summary>
    public static EventKey RelationCreated(string endpoint) => new(JujuEventKind.RelationCreated, endpoint);

    /// <summary><c>&lt;endpoint&gt;-relation-joined</c>.</summary>
    public static EventKey RelationJoined(string endpoint) => new(JujuEventKind.RelationJoined, endpoint);

    /// <summary><c>&lt;endpoint&gt;-relation-changed</c>.</summary>
    public static EventKey RelationChanged(string endpoint) => new(JujuEventKind.RelationChanged, endpoint);

    /// <summary><c>&lt;endpoint&gt;-relation-departed</c>.</summary>
    public static EventKey RelationDeparted(string endpoint) => new(JujuEventKind.RelationDeparted, endpoint);

    /// <summary><c>&lt;endpoint&gt;-relation-broken</c>.</summary>
    public static EventKey RelationBroken(string endpoint) => new(JujuEventKind.RelationBroken, endpoint);

    /// <summary>The action <paramref name="name"/> (dispatched as <c>actions/&lt;name&gt;</c>).</summary>
    public static EventKey Action(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(JujuEventKind.Action, name);
    }

    /// <summary><c>secret-changed</c>.</summary>
    public static EventKey SecretChanged => new(JujuEventKind.SecretChanged);

    /// <summary><c>secret-rotate</c>.</summary>
    public static EventKey SecretRotate => new(JujuEventKind.SecretRotate);

    /// <summary><c>secret-remove</c>.</summary>
    public static EventKey SecretRemove => new(JujuEventKind.SecretRemove);

    /// <summary><c>secret-expired</c>.</summary>
    public static EventKey SecretExpired => new(JujuEventKind.SecretExpired);

    /// <summary><c>&lt;storage&gt;-storage-attached</c>.</summary>
    public static EventKey StorageAttached(string storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(storage);
        return new(JujuEventKind.StorageAttached, storage);
    }

    /// <summary><c>&lt;storage&gt;-storage-detaching</c>.</summary>
    public static EventKey StorageDetaching(string storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(storage);
        return new(JujuEventKind.StorageDetaching, storage);
    }

    /// <summary>Whether this is a storage event.</summary>
    public bool IsStorageEvent => Kind is JujuEventKind.StorageAttached or JujuEventKind.StorageDetaching;

    /// <summary>Whether this is a secret event.</summary>
    public bool IsSecretEvent => Kind is >= JujuEventKind.SecretChanged and <= JujuEventKind.SecretExpired;

    /// <summary>Whether this is a relation event.</summary>
    public bool IsRelationEvent => Kind is >= JujuEventKind.RelationCreated and <= JujuEventKind.RelationBroken;

    /// <summary>The hook name Juju dispatches for this event, e.g. <c>cluster-relation-changed</c>.</summary>
    public string HookName => Kind switch
    {
        JujuEventKind.Install => "install",
        JujuEventKind.Start => "start",
        JujuEventKind.Stop => "stop",
        JujuEventKind.Remove => "remove",
        JujuEventKind.ConfigChanged => "config-changed",
        JujuEventKind.UpgradeCharm => "upgrade-charm",
        JujuEventKind.UpdateStatus => "update-status",
        JujuEventKind.LeaderElected => "leader-elected",
        JujuEventKind.LeaderSettingsChanged => "leader-settings-changed",
        JujuEventKind.Other => Endpoint ?? "",
        JujuEventKind.Action => ActionPrefix + Endpoint,
        JujuEventKind.SecretChanged => "secret-changed",
        JujuEventKind.SecretRotate => "secret-rotate",
        JujuEventKind.SecretRemove => "secret-remove",
        JujuEventKind.SecretExpired => "secret-expired",
        JujuEventKind.StorageAttached => Endpoint + StorageAttachedSuffix,
        JujuEventKind.StorageDetaching => Endpoint + StorageDetachingSuffix,
        _ => Endpoint + RelationSuffixes[Kind - JujuEventKind.RelationCreated].Suffix,
    };

    /// <summary>
    /// Maps a hook name (the part after <c>hooks/</c> in <c>JUJU_DISPATCH_PATH</c>) to its event; <c>actions/&lt;name&gt;</c>
    /// (an action's dispatch path, and its <see cref="HookName"/>) maps to <see cref="Action"/>.
    /// </summary>
    public static EventKey FromHookName(string hookName)
    {
        ArgumentNullException.ThrowIfNull(hookName);
        if (hookName.StartsWith(ActionPrefix, StringComparison.Ordinal) && hookName.Length > ActionPrefix.Length)
        {
            return Action(hookName[ActionPrefix.Length..]);
        }

        switch (hookName)
        {
            case "install": return Install;
            case "start": return Start;
            case "stop": return Stop;
            case "remove": return Remove;
            case "config-changed": return ConfigChanged;
            case "upgrade-charm": return UpgradeCharm;
            case "update-status": return UpdateStatus;
            case "leader-elected": return LeaderElected;
            case "leader-settings-changed": return LeaderSettingsChanged;
            case "secret-changed": return SecretChanged;
            case "secret-rotate": return SecretRotate;
            case "secret-remove": return SecretRemove;
            case "secret-expired": return SecretExpired;
        }

        foreach (var (suffix, kind) in new[] { (StorageAttachedSuffix, JujuEventKind.StorageAttached), (StorageDetachingSuffix, JujuEventKind.StorageDetaching) })
        {
            if (hookName.Length > suffix.Length && hookName.EndsWith(suffix, StringComparison.Ordinal))
            {
                return new EventKey(kind, hookName[..^suffix.Length]);
            }
        }

        foreach (var (suffix, kind) in RelationSuffixes)
        {
            if (hookName.Length > suffix.Length && hookName.EndsWith(suffix, StringComparison.Ordinal))
            {
                return new EventKey(kind, hookName[..^suffix.Length]);
            }
        }

        return new EventKey(JujuEventKind.Other, hookName);
    }

    /// <inheritdoc />
    public override string ToString() => HookName;
}

using System.Globalization;
using Charm.Framework.Events;

namespace Charm.Testing;

/// <summary>
/// The event a test dispatches, described the way Juju describes it to a charm: the hook name and the relation
/// variables. <see cref="Context"/> turns it into the environment variables Juju would set.
/// </summary>
public sealed record Hook
{
    private Hook(EventKey key) => Key = key;

    /// <summary>The event.</summary>
    public EventKey Key { get; }

    /// <summary>The relation, for relation events.</summary>
    public RelationState? Relation { get; private init; }

    /// <summary>The remote unit's number (<c>JUJU_REMOTE_UNIT</c>), for joined, changed and departed.</summary>
    public int? RemoteUnit { get; private init; }

    /// <summary>The action and its parameters, for an action (<see cref="Action"/>).</summary>
    internal InMemoryBackend.ActionRun? Action { get; private init; }

    /// <summary>The secret (<c>JUJU_SECRET_ID</c>, <c>JUJU_SECRET_LABEL</c>) and revision (<c>JUJU_SECRET_REVISION</c>), for secret events.</summary>
    public (string Id, string? Label, int? Revision)? Secret { get; private init; }

    /// <summary>The storage instance (<c>JUJU_STORAGE_ID</c>, <c>JUJU_STORAGE_LOCATION</c>, <c>JUJU_STORAGE_KIND</c>), for storage events.</summary>
    public StorageState? Storage { get; private init; }

    /// <summary>The departing unit's number (<c>JUJU_DEPARTING_UNIT</c>), for departed.</summary>
    public int? DepartingUnit { get; private init; }

    /// <summary><c>install</c>.</summary>
    public static Hook Install { get; } = new(EventKey.Install);

    /// <summary><c>start</c>.</summary>
    public static Hook Start { get; } = new(EventKey.Start);

    /// <summary><c>stop</c>.</summary>
    public static Hook Stop { get; } = new(EventKey.Stop);

    /// <summary><c>remove</c>.</summary>
    public static Hook Remove { get; } = new(EventKey.Remove);

    /// <summary><c>config-changed</c>.</summary>
    public static Hook ConfigChanged { get; } = new(EventKey.ConfigChanged);

    /// <summary><c>upgrade-charm</c>.</summary>
    public static Hook UpgradeCharm { get; } = new(EventKey.UpgradeCharm);

    /// <summary><c>update-status</c>.</summary>
    public static Hook UpdateStatus { get; } = new(EventKey.UpdateStatus);

    /// <summary><c>leader-elected</c>.</summary>
    public static Hook LeaderElected { get; } = new(EventKey.LeaderElected);

    /// <summary><c>leader-settings-changed</c>.</summary>
    public static Hook LeaderSettingsChanged { get; } = new(EventKey.LeaderSettingsChanged);

    /// <summary>Any hook by name, e.g. one the framework does not model (it must succeed unhandled).</summary>
    public static Hook Named(string hookName) => new(EventKey.FromHookName(hookName));

    /// <summary><c>&lt;endpoint&gt;-relation-created</c>.</summary>
    public static Hook RelationCreated(RelationState relation) => ForRelation(EventKey.RelationCreated(relation.Endpoint), relation, null, null);

    /// <summary><c>&lt;endpoint&gt;-relation-joined</c> for remote unit <paramref name="remoteUnit"/>.</summary>
    public static Hook RelationJoined(RelationState relation, int remoteUnit) => ForRelation(EventKey.RelationJoined(relation.Endpoint), relation, remoteUnit, null);

    /// <summary><c>&lt;endpoint&gt;-relation-changed</c>, for a remote unit's change, or (no unit) the remote application's.</summary>
    public static Hook RelationChanged(RelationState relation, int? remoteUnit = null) => ForRelation(EventKey.RelationChanged(relation.Endpoint), relation, remoteUnit, null);

    /// <summary><c>&lt;endpoint&gt;-relation-departed</c>: <paramref name="departingUnit"/> leaves (defaults to the remote unit).</summary>
    public static Hook RelationDeparted(RelationState relation, int remoteUnit, int? departingUnit = null)
        => ForRelation(EventKey.RelationDeparted(relation.Endpoint), relation, remoteUnit, departingUnit ?? remoteUnit);

    /// <summary><c>&lt;endpoint&gt;-relation-broken</c>.</summary>
    public static Hook RelationBroken(RelationState relation) => ForRelation(EventKey.RelationBroken(relation.Endpoint), relation, null, null);

    /// <summary>
    /// The action <paramref name="name"/> (<c>actions/&lt;name&gt;</c>) with <paramref name="parameters"/> (strings, numbers,
    /// booleans, lists and nested maps, as <c>action-get</c> answers them). Run it with <see cref="Context.RunAction"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not an action name, or a parameter is of a type JSON does not have.</exception>
    public static Hook ForAction(string name, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Framework.Hosting.JujuAgentRules.ActionSetRefusal([name]) is not null || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not an action name: Juju's are lowercase letters, digits and hyphens, starting and ending with a letter or digit.", nameof(name));
        }

        var json = ActionParameterJson.ToJson(parameters ?? new Dictionary<string, object?>(StringComparer.Ordinal));
        return new Hook(EventKey.Action(name)) { Action = new InMemoryBackend.ActionRun(name, json) };
    }

    /// <summary><c>secret-changed</c> for <paramref name="secret"/> (a secret this unit reads got a new revision).</summary>
    public static Hook SecretChanged(SecretState secret) => ForSecret(EventKey.SecretChanged, secret, null);

    /// <summary><c>secret-rotate</c> for <paramref name="secret"/>.</summary>
    public static Hook SecretRotate(SecretState secret) => ForSecret(EventKey.SecretRotate, secret, null);

    /// <summary><c>secret-remove</c> of <paramref name="revision"/> of <paramref name="secret"/>.</summary>
    public static Hook SecretRemove(SecretState secret, int revision) => ForSecret(EventKey.SecretRemove, secret, revision);

    /// <summary><c>secret-expired</c> of <paramref name="revision"/> of <paramref name="secret"/>.</summary>
    public static Hook SecretExpired(SecretState secret, int revision) => ForSecret(EventKey.SecretExpired, secret, revision);

    /// <summary><c>&lt;name&gt;-storage-attached</c> for <paramref name="storage"/> (put it in the state too, with <see cref="State.WithStorage"/>).</summary>
    public static Hook StorageAttached(StorageState storage) => ForStorage(EventKey.StorageAttached(StorageName(storage)), storage);

    /// <summary><c>&lt;name&gt;-storage-detaching</c> for <paramref name="storage"/>.</summary>
    public static Hook StorageDetaching(StorageState storage) => ForStorage(EventKey.StorageDetaching(StorageName(storage)), storage);

    private static string StorageName(StorageState storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Name;
    }

    private static Hook ForStorage(EventKey key, StorageState storage) => new(key) { Storage = storage };

    private static Hook ForSecret(EventKey key, SecretState secret, int? revision)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new Hook(key) { Secret = (secret.Id, secret.Label, revision) };
    }

    /// <summary>The environment variables Juju sets for this hook on <paramref name="unitName"/>.</summary>
    public Dictionary<string, string> ToEnvironment(string unitName, string charmDirectory)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["JUJU_DISPATCH_PATH"] = Key.Kind == JujuEventKind.Action ? Key.HookName : "hooks/" + Key.HookName,
            ["JUJU_UNIT_NAME"] = unitName,
            ["JUJU_MODEL_NAME"] = "test-model",
            ["JUJU_MODEL_UUID"] = "00000000-0000-4000-8000-000000000000",
            ["JUJU_VERSION"] = "3.6.4",
            ["JUJU_CHARM_DIR"] = charmDirectory,
        };
        if (Key.Kind == JujuEventKind.Action)
        {
            env["JUJU_ACTION_NAME"] = Key.Endpoint!;
            env["JUJU_ACTION_UUID"] = "00000000-0000-4000-8000-00000000a001";
        }
        else
        {
            env["JUJU_HOOK_NAME"] = Key.HookName;
        }

        if (Secret is { } secret)
        {
            env["JUJU_SECRET_ID"] = secret.Id;
            if (secret.Label is { } label)
            {
                env["JUJU_SECRET_LABEL"] = label;
            }

            if (secret.Revision is { } revision)
            {
                env["JUJU_SECRET_REVISION"] = revision.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (Storage is { } storage)
        {
            env["JUJU_STORAGE_ID"] = storage.Id;
            env["JUJU_STORAGE_LOCATION"] = storage.Location;
            env["JUJU_STORAGE_KIND"] = storage.Kind == Framework.Model.StorageKind.Block ? "block" : "filesystem";
        }

        if (Relation is { } r)
        {
            env["JUJU_RELATION"] = r.Endpoint;
            env["JUJU_RELATION_ID"] = r.RelationId.ToString();
            env["JUJU_REMOTE_APP"] = r.RemoteApp;
            if (RemoteUnit is { } unit)
            {
                env["JUJU_REMOTE_UNIT"] = r.RemoteUnitName(unit);
            }

            if (DepartingUnit is { } departing)
            {
                env["JUJU_DEPARTING_UNIT"] = r.RemoteUnitName(departing);
            }
        }

        return env;
    }

    /// <inheritdoc />
    public override string ToString()
        => Relation is null ? Key.HookName : $"{Key.HookName} ({Relation.RelationId}{(RemoteUnit is { } u ? ", unit " + u.ToString(CultureInfo.InvariantCulture) : "")})";

    private static Hook ForRelation(EventKey key, RelationState relation, int? remoteUnit, int? departingUnit)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return new Hook(key) { Relation = relation, RemoteUnit = remoteUnit, DepartingUnit = departingUnit };
    }
}

using System.Globalization;
using Charm.Framework.Events;
using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>What Juju tells a charm through environment variables when it dispatches an event.</summary>
public sealed record JujuEnvironment
{
    /// <summary><c>JUJU_DISPATCH_PATH</c>, e.g. <c>hooks/cluster-relation-changed</c>.</summary>
    public required string DispatchPath { get; init; }

    /// <summary>The event, derived from <see cref="DispatchPath"/>.</summary>
    public required EventKey Event { get; init; }

    /// <summary>Whether Juju dispatched an action (<c>actions/&lt;name&gt;</c>) rather than a hook.</summary>
    public bool IsAction { get; init; }

    /// <summary><c>JUJU_ACTION_UUID</c>, on actions: the id of this run of the action (empty when Juju did not set it).</summary>
    public string ActionId { get; init; } = "";

    /// <summary><c>JUJU_SECRET_ID</c>, on secret hooks.</summary>
    public string? SecretId { get; init; }

    /// <summary><c>JUJU_SECRET_LABEL</c>, on secret hooks, when the secret has a label.</summary>
    public string? SecretLabel { get; init; }

    /// <summary><c>JUJU_SECRET_REVISION</c>, on <c>secret-remove</c> and <c>secret-expired</c>.</summary>
    public int? SecretRevision { get; init; }

    /// <summary><c>JUJU_STORAGE_ID</c>, for a storage event (<c>data/0</c>).</summary>
    public string? StorageId { get; init; }

    /// <summary><c>JUJU_STORAGE_LOCATION</c> and <c>JUJU_STORAGE_KIND</c>, for a storage event that has both.</summary>
    public StorageDetails? StorageDetails { get; init; }

    /// <summary><c>JUJU_UNIT_NAME</c>, e.g. <c>microovn/3</c>.</summary>
    public required string UnitName { get; init; }

    /// <summary><c>JUJU_MODEL_NAME</c>.</summary>
    public string ModelName { get; init; } = "";

    /// <summary><c>JUJU_MODEL_UUID</c>.</summary>
    public string ModelUuid { get; init; } = "";

    /// <summary><c>JUJU_VERSION</c>, e.g. <c>3.6.4</c>.</summary>
    public string JujuVersion { get; init; } = "";

    /// <summary><c>JUJU_CHARM_DIR</c>, or the current directory.</summary>
    public required string CharmDirectory { get; init; }

    /// <summary><c>JUJU_RELATION_ID</c>, on relation hooks.</summary>
    public RelationId? RelationId { get; init; }

    /// <summary><c>JUJU_REMOTE_APP</c>, on relation hooks.</summary>
    public string? RemoteApp { get; init; }

    /// <summary><c>JUJU_REMOTE_UNIT</c>, on relation joined/changed/departed.</summary>
    public string? RemoteUnit { get; init; }

    /// <summary><c>JUJU_DEPARTING_UNIT</c>, on relation departed.</summary>
    public string? DepartingUnit { get; init; }

    /// <summary>Reads the process environment.</summary>
    public static JujuEnvironment FromProcess() => Parse(ProcessVariables(), Directory.GetCurrentDirectory());

    /// <summary>The process environment as a dictionary.</summary>
    internal static IReadOnlyDictionary<string, string> ProcessVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        return variables;
    }

    /// <summary>Validates and reads the variables; every problem is reported at once.</summary>
    /// <exception cref="JujuEnvironmentException">A required variable is missing or malformed.</exception>
    public static JujuEnvironment Parse(IReadOnlyDictionary<string, string> variables, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var problems = new List<string>();
        string? Get(string name) => variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

        var dispatchPath = Get("JUJU_DISPATCH_PATH");
        EventKey key = default;
        var isAction = false;
        if (dispatchPath is null)
        {
            problems.Add("JUJU_DISPATCH_PATH is not set; Juju sets it to 'hooks/<event>' or 'actions/<name>'.");
        }
        else if (dispatchPath.StartsWith("hooks/", StringComparison.Ordinal) && dispatchPath.Length > "hooks/".Length)
        {
            key = EventKey.FromHookName(dispatchPath["hooks/".Length..]);
        }
        else if (dispatchPath.StartsWith("actions/", StringComparison.Ordinal) && dispatchPath.Length > "actions/".Length)
        {
            key = EventKey.Action(dispatchPath["actions/".Length..]);
            isAction = true;
            if (Get("JUJU_ACTION_NAME") is { } actionName && actionName != key.Endpoint)
            {
                problems.Add($"JUJU_ACTION_NAME is '{actionName}', but JUJU_DISPATCH_PATH is '{dispatchPath}'.");
            }
        }
        else
        {
            problems.Add($"JUJU_DISPATCH_PATH is '{dispatchPath}'; expected 'hooks/<event>' or 'actions/<name>'.");
        }

        var unit = Get("JUJU_UNIT_NAME");
        if (unit is null)
        {
            problems.Add("JUJU_UNIT_NAME is not set; Juju sets it to '<application>/<number>'.");
        }
        else if (!Model.UnitName.TryParse(unit, out _))
        {
            problems.Add($"JUJU_UNIT_NAME is '{unit}'; expected '<application>/<number>' with a number from 0 to {int.MaxValue}, e.g. 'microovn/0'.");
        }

        RelationId? relationId = null;
        if (key.IsRelationEvent)
        {
            var rawId = Get("JUJU_RELATION_ID");
            if (rawId is null)
            {
                problems.Add($"JUJU_RELATION_ID is not set, but {key.HookName} is a relation event.");
            }
            else if (Model.RelationId.TryParse(rawId, out var parsed))
            {
                relationId = parsed;
                if (parsed.Endpoint != key.Endpoint)
                {
                    problems.Add($"JUJU_RELATION_ID is '{rawId}', which is not on endpoint '{key.Endpoint}' of {key.HookName}.");
                }
            }
            else if (int.TryParse(rawId, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                relationId = new RelationId(key.Endpoint!, number);
            }
            else
            {
                problems.Add($"JUJU_RELATION_ID is '{rawId}'; expected '<endpoint>:<number>', e.g. 'cluster:7'.");
            }

            var relationName = Get("JUJU_RELATION");
            if (relationName is not null && relationName != key.Endpoint)
            {
                problems.Add($"JUJU_RELATION is '{relationName}', but the event {key.HookName} is on endpoint '{key.Endpoint}'.");
            }

            foreach (var name in new[] { "JUJU_REMOTE_UNIT", "JUJU_DEPARTING_UNIT" })
            {
                if (Get(name) is { } u && !Model.UnitName.TryParse(u, out _))
                {
                    problems.Add($"{name} is '{u}'; expected '<application>/<number>' with a number from 0 to {int.MaxValue}.");
                }
            }
        }

        int? secretRevision = null;
        if (key.IsSecretEvent)
        {
            if (Get("JUJU_SECRET_ID") is null)
            {
                problems.Add($"JUJU_SECRET_ID is not set, but {key.HookName} is a secret event.");
            }

            if (Get("JUJU_SECRET_REVISION") is { } rawRevision)
            {
                secretRevision = int.TryParse(rawRevision, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0
                    ? revision
                    : null;
                if (secretRevision is null)
                {
                    problems.Add($"JUJU_SECRET_REVISION is '{rawRevision}'; expected a positive number.");
                }
            }
        }

        StorageDetails? storage = null;
        if (key.IsStorageEvent)
        {
            if (Get("JUJU_STORAGE_ID") is not { } storageId)
            {
                problems.Add($"JUJU_STORAGE_ID is not set, but {key.HookName} is a storage event.");
            }
            else if (!storageId.StartsWith(key.Endpoint + "/", StringComparison.Ordinal))
            {
                problems.Add($"JUJU_STORAGE_ID is '{storageId}', but the event {key.HookName} is for storage '{key.Endpoint}' ('{key.Endpoint}/<number>').");
            }

            var kind = Get("JUJU_STORAGE_KIND") switch
            {
                "filesystem" => StorageKind.Filesystem,
                "block" => StorageKind.Block,
                _ => (StorageKind?)null,
            };
            storage = kind is { } k && Get("JUJU_STORAGE_LOCATION") is { } location ? new StorageDetails(k, location) : null;
        }

        if (problems.Count > 0)
        {
            throw new JujuEnvironmentException(problems);
        }

        return new JujuEnvironment
        {
            DispatchPath = dispatchPath!,
            Event = key,
            IsAction = isAction,
            ActionId = isAction ? Get("JUJU_ACTION_UUID") ?? "" : "",
            SecretId = key.IsSecretEvent ? Get("JUJU_SECRET_ID") : null,
            SecretLabel = key.IsSecretEvent ? Get("JUJU_SECRET_LABEL") : null,
            SecretRevision = secretRevision,
            StorageId = key.IsStorageEvent ? Get("JUJU_STORAGE_ID") : null,
            StorageDetails = storage,
            UnitName = unit!,
            ModelName = Get("JUJU_MODEL_NAME") ?? "",
            ModelUuid = Get("JUJU_MODEL_UUID") ?? "",
            JujuVersion = Get("JUJU_VERSION") ?? "",
            CharmDirectory = Get("JUJU_CHARM_DIR") ?? currentDirectory,
            RelationId = relationId,
            RemoteApp = key.IsRelationEvent ? Get("JUJU_REMOTE_APP") : null,
            RemoteUnit = key.IsRelationEvent ? Get("JUJU_REMOTE_UNIT") : null,
            DepartingUnit = key.IsRelationEvent ? Get("JUJU_DEPARTING_UNIT") : null,
        };
    }
}

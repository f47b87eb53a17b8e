using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

/// <summary>The environment variables Juju sets for a hook (juju.md), built the same way for both ways of running a charm.</summary>
internal static class HookEnvironment
{
    /// <summary>The Juju version the simulator claims to be.</summary>
    public const string JujuVersion = "3.6.4";

    /// <summary>The variables Juju sets on every hook that the simulator has no value for: set, empty.</summary>
    public static IReadOnlyList<string> EmptyAlways { get; } =
    [
        "JUJU_API_ADDRESSES", "JUJU_MACHINE_ID", "JUJU_AVAILABILITY_ZONE", "CLOUD_API_VERSION",
        "JUJU_CHARM_HTTP_PROXY", "JUJU_CHARM_HTTPS_PROXY", "JUJU_CHARM_FTP_PROXY", "JUJU_CHARM_NO_PROXY",
    ];

    /// <summary>What Juju adds on an Ubuntu machine, besides <c>PATH</c> (its <c>ubuntuEnv</c>).</summary>
    public static IReadOnlyDictionary<string, string> UbuntuFixed { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["APT_LISTCHANGES_FRONTEND"] = "none",
        ["DEBIAN_FRONTEND"] = "noninteractive",
        ["LANG"] = "C.UTF-8",
        ["TERM"] = "tmux-256color",
    };

    public static Dictionary<string, string> Build(SimulatedModel model, SimulatedUnit unit, HookInvocation hook, string charmDirectory, string contextId, string? actionId = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["JUJU_DISPATCH_PATH"] = hook.DispatchPath,
            ["JUJU_UNIT_NAME"] = unit.Name,
            ["JUJU_MODEL_NAME"] = model.Name,
            ["JUJU_MODEL_UUID"] = model.Uuid,
            ["JUJU_VERSION"] = JujuVersion,
            ["JUJU_CHARM_DIR"] = charmDirectory,
            ["CHARM_DIR"] = charmDirectory,
            ["JUJU_CONTEXT_ID"] = contextId,
            ["JUJU_PRINCIPAL_UNIT"] = unit.Name,
        };

        // Juju exports these on every hook even when empty (its HookContext.HookVars).
        foreach (var empty in EmptyAlways)
        {
            variables[empty] = "";
        }

        if (hook.Action is { } action)
        {
            variables["JUJU_ACTION_NAME"] = action;
            variables["JUJU_ACTION_UUID"] = actionId ?? "";
        }
        else
        {
            variables["JUJU_HOOK_NAME"] = hook.HookName;
        }

        if (hook.Storage is { } storageId && unit.Storage.FirstOrDefault(s => s.Id == storageId) is { } storage)
        {
            // The uniter's HookVars for a storage hook.
            variables["JUJU_STORAGE_ID"] = storage.Id;
            variables["JUJU_STORAGE_LOCATION"] = storage.Location;
            variables["JUJU_STORAGE_KIND"] = storage.KindName;
        }

        if (hook.Relation is { } relation)
        {
            variables["JUJU_RELATION"] = relation.Endpoint;
            variables["JUJU_RELATION_ID"] = relation.ToString();
            // Both are set on every relation hook, the unit empty where there is none (created, broken, an application-data change).
            variables["JUJU_REMOTE_APP"] = hook.RemoteApp ?? "";
            variables["JUJU_REMOTE_UNIT"] = hook.RemoteUnit ?? "";

            if (hook.DepartingUnit is { } departing)
            {
                variables["JUJU_DEPARTING_UNIT"] = departing;
            }
        }

        return variables;
    }
}

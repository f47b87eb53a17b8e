using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

/// <summary>The environment variables Juju sets for a hook (juju.md), built the same way for both ways of running a charm.</summary>
internal static class HookEnvironment
{
    /// <summary>The Juju version the simulator claims to be.</summary>
    public const string JujuVersion = "3.6.4";

    /// <summary>Every variable that may be set for a hook; the ones a hook does not get are removed from a process's environment.</summary>
    public static IReadOnlyList<string> AllNames { get; } =
    [
        "JUJU_DISPATCH_PATH", "JUJU_HOOK_NAME", "JUJU_UNIT_NAME", "JUJU_MODEL_NAME", "JUJU_MODEL_UUID", "JUJU_VERSION",
        "JUJU_CHARM_DIR", "JUJU_RELATION", "JUJU_RELATION_ID", "JUJU_REMOTE_APP", "JUJU_REMOTE_UNIT", "JUJU_DEPARTING_UNIT",
        "JUJU_SECRET_ID", "JUJU_SECRET_LABEL", "JUJU_SECRET_REVISION", "JUJU_ACTION_NAME", "JUJU_ACTION_UUID",
        "JUJU_CONTEXT_ID", "JUJU_AGENT_SOCKET_ADDRESS", "JUJU_AGENT_SOCKET_NETWORK", "JUJU_PRINCIPAL_UNIT",
        "JUJU_AVAILABILITY_ZONE", "JUJU_MACHINE_ID",
    ];

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
            ["JUJU_CONTEXT_ID"] = contextId,
            ["JUJU_PRINCIPAL_UNIT"] = unit.Name,
        };
        if (hook.Action is { } action)
        {
            variables["JUJU_ACTION_NAME"] = action;
            variables["JUJU_ACTION_UUID"] = actionId ?? "";
        }
        else
        {
            variables["JUJU_HOOK_NAME"] = hook.HookName;
        }

        if (hook.Relation is { } relation)
        {
            variables["JUJU_RELATION"] = relation.Endpoint;
            variables["JUJU_RELATION_ID"] = relation.ToString();
            if (hook.RemoteApp is { } app)
            {
                variables["JUJU_REMOTE_APP"] = app;
            }

            if (hook.RemoteUnit is { } remote)
            {
                variables["JUJU_REMOTE_UNIT"] = remote;
            }

            if (hook.DepartingUnit is { } departing)
            {
                variables["JUJU_DEPARTING_UNIT"] = departing;
            }
        }

        return variables;
    }
}

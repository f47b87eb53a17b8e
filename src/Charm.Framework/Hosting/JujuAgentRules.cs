using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>
/// What the Juju unit agent refuses from a hook tool, and the text it prints on standard error after <c>ERROR </c>
/// (juju.md, "databag rules"). One table for every agent this toolkit stands in for (Charm.Testing's in-memory agent
/// and the simulator's hook-tool server), so they refuse the same calls with the same words, which
/// <see cref="HookToolException.FromFailure"/> then maps to <see cref="PermissionDeniedException"/> and
/// <see cref="RelationNotFoundException"/> exactly as it does for a real agent.
/// </summary>
public static class JujuAgentRules
{
    /// <summary>
    /// The keys the agent fills into every unit databag of a relation, for a unit at <paramref name="address"/>:
    /// <c>egress-subnets</c> (<c>&lt;address&gt;/32</c>), <c>ingress-address</c> and <c>private-address</c>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> UnitAddressKeys(string address)
    {
        yield return new("egress-subnets", address + "/32");
        yield return new("ingress-address", address);
        yield return new("private-address", address);
    }

    /// <summary>The statuses a charm may set (<c>error</c> and <c>unknown</c> are the agent's own).</summary>
    public const string SettableStatuses = "[maintenance blocked waiting active]";

    /// <summary>Why <c>relation-get --app</c> of the unit's own application is refused, or <see langword="null"/> if it is not:
    /// only the leader reads its own application's databag, except on a peer relation.</summary>
    public static string? OwnAppReadRefusal(bool isPeer, bool isLeader)
        => isPeer || isLeader ? null : "permission denied";

    /// <summary><c>relation-get --app</c> named an application that is not on the relation.</summary>
    public static string AppNotInRelation(string app, RelationId relation) => $"application \"{app}\" is not in relation {relation}";

    /// <summary><c>relation-get</c> named a unit whose settings this relation does not have.</summary>
    public static string UnitSettingsNotFound(string unit, RelationId relation)
        => $"cannot read settings for unit \"{unit}\" in relation \"{relation}\": unit \"{unit}\": settings not found";

    /// <summary>
    /// What Juju's <c>relation-set</c> says to a non-leader writing its application's databag: this text and no more
    /// (jujuc relation-set; ops counts it among the authorisation failures, as it does <c>permission denied</c>).
    /// </summary>
    public const string NonLeaderAppWrite = "cannot write relation settings";

    /// <summary>Why <c>relation-set</c> is refused, or <see langword="null"/> if it is not: only the leader writes its
    /// application's databag, and a key must be non-empty without white space.</summary>
    public static string? RelationSetRefusal(bool application, bool isLeader, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (application && !isLeader)
        {
            return NonLeaderAppWrite;
        }

        foreach (var key in keys)
        {
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                return $"invalid key \"{key}\"";
            }
        }

        return null;
    }

    /// <summary>Why <c>status-set</c> is refused, or <see langword="null"/> if it is not: a charm sets maintenance, blocked,
    /// waiting or active, and only the leader sets its application's status.</summary>
    public static string? StatusSetRefusal(Status status, bool application, bool isLeader)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Kind is StatusKind.Error or StatusKind.Unknown)
        {
            return $"invalid status \"{status.Name}\", expected one of {SettableStatuses}";
        }

        return application && !isLeader ? "this unit is not the leader" : null;
    }

    /// <summary>Why <c>status-get --application</c> is refused, or <see langword="null"/> if it is not: only the leader reads it.</summary>
    public static string? StatusGetRefusal(bool application, bool isLeader)
        => application && !isLeader ? "finding application status: this unit is not the leader" : null;

    /// <summary><c>-r</c> named a relation the unit is not in (or one that is gone).</summary>
    public static string RelationNotFound(string relation) => $"invalid value \"{relation}\" for option -r: relation not found";

    /// <summary><c>network-get</c> of a name that is neither an endpoint nor an extra binding with addresses.</summary>
    public static string NoNetworkConfig(string binding) => $"no network config found for binding \"{binding}\"";

    /// <summary>What the action tools (<c>action-get</c>, <c>-set</c>, <c>-fail</c>, <c>-log</c>) answer outside an action (Juju's hook context).</summary>
    public const string NotRunningAnAction = "not running an action";

    /// <summary>What <c>action-fail</c> without a message records (jujuc action-fail's default).</summary>
    public const string DefaultActionFailure = "action failed without reason given, check action for errors";

    /// <summary>The result keys Juju keeps for itself (jujuc action-set's reserved keys).</summary>
    public static IReadOnlyList<string> ReservedActionKeys { get; } = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

    /// <summary>
    /// Why <c>action-set</c> refuses these (dotted) keys, or <see langword="null"/> if it does not: every dot-separated part
    /// must match Juju's action-name rule (lowercase letters, digits and hyphens, starting and ending with a letter or a
    /// digit), and none may be a <see cref="ReservedActionKeys">reserved key</see>.
    /// </summary>
    public static string? ActionSetRefusal(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            foreach (var part in key.Split('.'))
            {
                if (!IsActionKeyPart(part))
                {
                    return $"key \"{part}\" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods";
                }

                if (ReservedActionKeys.Contains(part))
                {
                    return $"cannot set reserved action key \"{part}\"";
                }
            }
        }

        return null;
    }

    private static bool IsActionKeyPart(string part)
        => part.Length > 0 && part.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && part[0] != '-' && part[^1] != '-';
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Framework.State;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>
/// The built-in demo workload charm: the consumer side of the token distributor protocol (docs/protocol.md), kept small.
/// The leader bootstraps (once per application: the bootstrap is recorded in the application databag); the
/// communicator — in the cluster, no member PENDING, smallest ONLINE voter — issues a token for every mirrored host that
/// is not a member yet (and re-issues one when the old one expired: <c>add</c> succeeds again); a joining unit joins
/// with the corroborated token for its host name and never retries a token the cluster rejected.
/// </summary>
internal sealed class DemoConsumerCharm : CharmBase
{
    public const string Endpoint = "cluster";
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(30);
    private readonly string[] _cli;
    private readonly StoredState _state;
    private readonly HashSet<string> _issuedThisHook = new(StringComparer.Ordinal);
    private List<ClusterMember>? _members;

    public DemoConsumerCharm(CharmContext context, string cliPrefix)
        : base(context)
    {
        _cli = cliPrefix.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        _state = Framework.GetStoredState("demo-consumer");
        Framework.Observe<InstallEvent>(EventKey.Install, "demo-consumer.install", _ => OnInstall());
        Framework.Observe<RelationCreatedEvent>(EventKey.RelationCreated(Endpoint), "demo-consumer.created", OnCreated);
        Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged(Endpoint), "demo-consumer.changed", e => Reconcile(e.Relation, e));
        Framework.Observe<RelationDepartedEvent>(EventKey.RelationDeparted(Endpoint), "demo-consumer.departed", e => Reconcile(e.Relation, e));
        Framework.Observe<UpdateStatusEvent>(EventKey.UpdateStatus, "demo-consumer.update-status", OnUpdateStatus);
        Framework.Observe<RemoveEvent>(EventKey.Remove, "demo-consumer.remove", _ => OnRemove());
    }

    /// <summary>The unit's node name; a simulator that cannot give the process its own host name says it in SIM_HOSTNAME.</summary>
    private string HostName => Environment.GetEnvironmentVariable("SIM_HOSTNAME") is { Length: > 0 } name ? name : Context.HostName;

    private bool InCluster
    {
        get => _state.GetBoolean("in-cluster");
        set => _state.Set("in-cluster", value);
    }

    private void OnInstall()
    {
        if (Model.GetRelation(Endpoint) is null)
        {
            Unit.Status = Status.Maintenance("Waiting for token distributor relation");
        }
    }

    private void OnCreated(RelationCreatedEvent e)
    {
        var relation = e.Relation;
        relation.LocalUnitData[MirrorData.HostnameKey] = HostName;
        if (!InCluster && Unit.IsLeader && !relation.LocalAppData.ContainsKey("bootstrapped-by") && !AnyDataExists(relation))
        {
            var result = Cli("bootstrap");
            if (!result.Succeeded)
            {
                Log.Error("bootstrap failed: " + result.StandardError.Trim());
                Unit.Status = Status.Blocked("Unable to bootstrap cluster");
                e.Defer();
                return;
            }

            InCluster = true;
            relation.LocalAppData["bootstrapped-by"] = HostName;
            Unit.Status = Status.Active("Cluster bootstrapped");
        }

        if (InCluster)
        {
            MirrorStep(relation, e);
        }
    }

    private void OnUpdateStatus(UpdateStatusEvent e)
    {
        if (Model.GetRelation(Endpoint) is { } relation)
        {
            Reconcile(relation, e);
        }
    }

    private void Reconcile(Relation relation, HookEvent e)
    {
        relation.LocalUnitData[MirrorData.HostnameKey] = HostName;
        if (InCluster)
        {
            MirrorStep(relation, e);
            return;
        }

        var token = MirrorData.FindValue(relation, HostName, keepEmpty: false);
        if (token is null)
        {
            Unit.Status = Status.Maintenance("Token not in mirror");
            return;
        }

        var fingerprint = Fingerprint(token);
        if (_state.GetString("rejected-token") == fingerprint)
        {
            Unit.Status = Status.Waiting("Join token rejected; waiting for a new one");
            return;
        }

        Unit.Status = Status.Maintenance("Joining cluster");
        var result = Cli("join", token);
        if (!result.Succeeded)
        {
            // Never log the token: the cluster's message is enough.
            Log.Warning("join failed: " + (result.TimedOut ? "timed out" : result.StandardError.Trim()));
            _state.Set("rejected-token", fingerprint);
            Unit.Status = Status.Blocked("Joining cluster failed; waiting for a new token");
            return;
        }

        InCluster = true;
        _state.Remove("rejected-token");
        Unit.Status = Status.Active("Joined cluster");
    }

    private void MirrorStep(Relation relation, HookEvent e)
    {
        // One membership listing per hook (a deferred event and the hook's own event may both get here).
        if (_members is null)
        {
            var list = Cli("list", "-f", "json");
            _members = list.Succeeded ? ParseMembers(list.StandardOutput) : null;
        }

        if (_members is not { } members)
        {
            Unit.Status = Status.Blocked("Cannot read the cluster members");
            return;
        }

        if (members.Any(m => m.Role is "PENDING" or ""))
        {
            // Never wait inside a hook: look again at the next hook.
            e.Defer();
            return;
        }

        var communicator = members
            .Where(m => m.Role == "voter" && m.Status == "ONLINE")
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault() == HostName;
        var own = relation.LocalUnitData;
        if (!communicator)
        {
            if (own[MirrorData.MirrorKey] == MirrorData.Up)
            {
                own[MirrorData.MirrorKey] = MirrorData.Down;
            }

            return;
        }

        own[MirrorData.MirrorKey] = MirrorData.Up;
        var memberNames = members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var hosts = MirrorData.Mirrors(relation)
            .SelectMany(m => m.Data.Keys)
            .Where(k => k.StartsWith(MirrorData.Prefix, StringComparison.Ordinal))
            .Select(k => k[MirrorData.Prefix.Length..])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var issued = 0;
        foreach (var host in hosts.Where(h => !memberNames.Contains(h)))
        {
            var mirrored = MirrorData.FindValue(relation, host, keepEmpty: true);
            var ours = own[MirrorData.Prefix + host];
            if ((mirrored != MirrorData.Empty && ours is null) || _issuedThisHook.Contains(host))
            {
                continue;
            }

            // A fresh token, or a new one when ours went unused past its lifetime (add fails while it is still valid).
            var add = Cli("add", host);
            if (add.Succeeded)
            {
                own[MirrorData.Prefix + host] = add.StandardOutput.Trim();
                _issuedThisHook.Add(host);
                issued++;
            }
            else if (ours is null)
            {
                Log.Warning($"add {host} failed: {add.StandardError.Trim()}");
            }
        }

        Unit.Status = Status.Active(issued > 0 ? $"Communicator: issued {issued} token(s)" : "Communicator");
    }

    private void OnRemove()
    {
        if (!InCluster)
        {
            return;
        }

        var result = Cli("remove", HostName);
        if (!result.Succeeded)
        {
            Log.Info($"remove {HostName}: {result.StandardError.Trim()}");
        }
    }

    private static bool AnyDataExists(Relation relation)
        => relation.RemoteUnitsData().Any(u => u.Data.Any(p => p.Key.StartsWith(MirrorData.Prefix, StringComparison.Ordinal) && p.Value != MirrorData.Empty));

    private static string Fingerprint(string token)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];

    private static List<ClusterMember>? ParseMembers(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var members = new List<ClusterMember>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                string Text(string name) => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
                members.Add(new ClusterMember(Text("name"), Text("role"), Text("status")));
            }

            return members;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private ProcessResult Cli(params string[] arguments)
        => Context.ProcessRunner.Run(new ProcessSpec(_cli[0], [.. _cli.Skip(1), .. arguments], CliTimeout));
}

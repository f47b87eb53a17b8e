using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

/// <summary>
/// What the simulated unit agent knows and does during one hook: it answers every hook-tool call under Juju's rules
/// (the same rules and error texts as Charm.Testing's in-memory backend), holds <c>relation-set</c> and <c>state-set</c>
/// writes until the hook ends, and applies them only when the hook succeeded (<see cref="Commit"/>). Both ways of running a
/// charm go through it: the in-process backend calls it directly, the hook-tool server after parsing a command line.
/// Calls may come from several threads (a charm process may run tools concurrently); they are serialised.
/// </summary>
internal sealed partial class HookContext
{
    private readonly Lock _gate = new();
    private readonly SimulatedModel _model;
    private readonly ISimulationClock _clock;
    private readonly WorkloadCli _workload;
    private readonly Dictionary<(int Relation, bool IsApp), DatabagWrites> _pending = [];
    private readonly List<ToolCall> _calls = [];
    private readonly List<LogRecord> _logs = [];
    private readonly List<MicroclusterCall> _cliCalls = [];
    private ImmutableSortedDictionary<string, string> _state;
    private ImmutableSortedDictionary<string, SimulatedSecret> _secrets;
    private int _secretsMade;
    private bool _closed;

    public HookContext(string id, SimulatedModel model, SimulatedUnit unit, HookInvocation hook, ISimulationClock clock, WorkloadCli workload, ActionState? action = null)
    {
        Id = id;
        _model = model;
        Unit = unit;
        Hook = hook;
        _clock = clock;
        _workload = workload;
        _state = unit.ControllerState;
        _secrets = model.SecretStore;
        _secretsMade = model.SecretsMade;
        Action = action;
    }

    /// <summary>The action being run, or <see langword="null"/> in a hook.</summary>
    public ActionState? Action { get; }

    /// <summary>The id the hook tools present (<c>CHARM_SIM_CONTEXT</c>).</summary>
    public string Id { get; }

    public SimulatedUnit Unit { get; }

    public HookInvocation Hook { get; }

    public WorkloadCli Workload => _workload;

    /// <summary>The simulated time now (the clock does not move while a hook runs).</summary>
    public DateTimeOffset Now => _clock.Now;

    public IReadOnlyList<ToolCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<LogRecord> Logs
    {
        get
        {
            lock (_gate)
            {
                return [.. _logs];
            }
        }
    }

    private string AppName => Unit.Application.Name;

    /// <summary>Records a call for the trace (the front end knows the command line).</summary>
    public void Record(string tool, string arguments, int exitCode)
    {
        lock (_gate)
        {
            _calls.Add(new ToolCall(tool, arguments, exitCode));
        }
    }

    /// <summary><c>relation-ids &lt;endpoint&gt;</c>: the relations of this unit on the endpoint (not one being broken in this hook).</summary>
    public IReadOnlyList<RelationId> RelationIds(string endpoint)
    {
        lock (_gate)
        {
            EnsureOpen();
            return
            [
                .. _model.RelationsOf(AppName)
                    .Where(r => r.EndpointOf(AppName) == endpoint && r.Members.ContainsKey(Unit.Name) && !IsBrokenInThisHook(r))
                    .OrderBy(r => r.Number)
                    .Select(r => r.IdFor(AppName)),
            ];
        }
    }

    /// <summary><c>relation-list -r &lt;id&gt;</c>: the remote units this unit has seen join.</summary>
    public IReadOnlyList<string> RelationUnits(RelationId relation)
    {
        lock (_gate)
        {
            EnsureOpen();
            return Find(relation).UnitsSeenBy(Unit.Name);
        }
    }

    /// <summary><c>relation-list --app -r &lt;id&gt;</c>: the remote application.</summary>
    public string RelationRemoteApp(RelationId relation)
    {
        lock (_gate)
        {
            EnsureOpen();
            return Find(relation).RemoteApplicationOf(AppName);
        }
    }

    /// <summary><c>relation-get -r &lt;id&gt; [--app] - &lt;member&gt;</c>.</summary>
    public IReadOnlyDictionary<string, string> RelationGet(RelationId relation, string member, bool isApp)
    {
        lock (_gate)
        {
            EnsureOpen();
            var r = Find(relation);
            if (isApp)
            {
                if (member == AppName)
                {
                    if (JujuAgentRules.OwnAppReadRefusal(r.IsPeer, Unit.IsLeader) is { } refusal)
                    {
                        throw HookToolError.Refused(refusal);
                    }

                    return Overlay(r.ApplicationData(AppName), Pending(r.Number, isApp: true, create: false));
                }

                if (member == r.RemoteApplicationOf(AppName))
                {
                    return r.ApplicationData(member);
                }

                throw HookToolError.Refused(JujuAgentRules.AppNotInRelation(member, relation));
            }

            if (member == Unit.Name)
            {
                var own = r.HasUnitData(Unit.Name) ? r.UnitData(Unit.Name) : DefaultUnitData();
                return Overlay(own, Pending(r.Number, isApp: false, create: false));
            }

            if (UnitName.TryParse(member, out var remote) && remote.Application == r.RemoteApplicationOf(AppName) && r.HasUnitData(member))
            {
                return r.UnitData(member);
            }

            throw HookToolError.Refused(JujuAgentRules.UnitSettingsNotFound(member, relation));
        }
    }

    /// <summary><c>relation-set -r &lt;id&gt; [--app]</c>: buffered until the hook succeeds; an empty value deletes the key.</summary>
    public void RelationSet(RelationId relation, bool isApp, IReadOnlyDictionary<string, string> changes)
    {
        lock (_gate)
        {
            EnsureOpen();
            var r = Find(relation);
            if (JujuAgentRules.RelationSetRefusal(isApp, Unit.IsLeader, changes.Keys) is { } refusal)
            {
                throw HookToolError.Refused(refusal);
            }

            Pending(r.Number, isApp, create: true)!.WriteAll(changes);
        }
    }

    /// <summary><c>is-leader</c>.</summary>
    public bool IsLeader()
    {
        lock (_gate)
        {
            EnsureOpen();
            return Unit.IsLeader;
        }
    }

    /// <summary><c>status-set [--application] &lt;status&gt; &lt;message&gt;</c>; takes effect at once, as in Juju.</summary>
    public void StatusSet(Status status, bool application)
    {
        lock (_gate)
        {
            EnsureOpen();
            if (JujuAgentRules.StatusSetRefusal(status, application, Unit.IsLeader) is { } refusal)
            {
                throw HookToolError.Refused(refusal);
            }

            if (application)
            {
                Unit.Application.Status = status;
            }
            else
            {
                Unit.WorkloadStatus = status;
            }
        }
    }

    /// <summary><c>status-get [--application]</c>.</summary>
    public Status StatusGet(bool application)
    {
        lock (_gate)
        {
            EnsureOpen();
            if (JujuAgentRules.StatusGetRefusal(application, Unit.IsLeader) is { } refusal)
            {
                throw HookToolError.Refused(refusal);
            }

            return application ? Unit.Application.Status : Unit.WorkloadStatus;
        }
    }

    /// <summary><c>juju-log</c>.</summary>
    public void Log(LogLevel level, string message)
    {
        lock (_gate)
        {
            EnsureOpen();
            _logs.Add(new LogRecord(_clock.Now, Unit.Name, Hook.HookName, level, message));
        }
    }

    /// <summary><c>config-get</c>.</summary>
    public IReadOnlyDictionary<string, ConfigValue> ConfigGet()
    {
        lock (_gate)
        {
            EnsureOpen();
            return Unit.Application.Config;
        }
    }

    /// <summary><c>state-get</c>: the controller-side state with this hook's writes.</summary>
    public IReadOnlyDictionary<string, string> StateGet()
    {
        lock (_gate)
        {
            EnsureOpen();
            return _state;
        }
    }

    /// <summary><c>state-set</c>: buffered until the hook succeeds.</summary>
    public void StateSet(IReadOnlyDictionary<string, string> values)
    {
        lock (_gate)
        {
            EnsureOpen();
            foreach (var key in values.Keys)
            {
                if (key.Length == 0)
                {
                    throw HookToolError.Refused("empty key not allowed");
                }
            }

            _state = _state.SetItems(values);
        }
    }

    /// <summary><c>state-delete &lt;key&gt;</c>: buffered until the hook succeeds.</summary>
    public void StateDelete(string key)
    {
        lock (_gate)
        {
            EnsureOpen();
            _state = _state.Remove(key);
        }
    }

    /// <summary><c>network-get</c>: the unit's one address.</summary>
    public string Address(string binding, RelationId? relation)
    {
        lock (_gate)
        {
            EnsureOpen();
            if (relation is { } id)
            {
                _ = Find(id);
            }

            var declared = Unit.Application.Metadata.Find(binding) is not null || Unit.Application.Metadata.Endpoints.Count == 0;
            if (!declared)
            {
                throw HookToolError.Refused($"no network config found for binding \"{binding}\"");
            }

            return Unit.Address;
        }
    }

    /// <summary><c>application-version-set</c>.</summary>
    public void SetWorkloadVersion(string version)
    {
        lock (_gate)
        {
            EnsureOpen();
            Unit.WorkloadVersion = version;
        }
    }

    /// <summary>
    /// <c>secret-add</c>: a new secret owned by this unit's application (leader only) or by this unit; buffered until the
    /// hook succeeds. Returns its id.
    /// </summary>
    public string SecretAdd(bool unitOwned, string? label, string? description, IReadOnlyDictionary<string, string> content)
    {
        lock (_gate)
        {
            EnsureOpen();
            if (!unitOwned && !Unit.IsLeader)
            {
                throw HookToolError.Refused("permission denied: only the leader may add a secret owned by the application; a non-leader unit can add one with --owner unit");
            }

            var owner = unitOwned ? Unit.Name : null;
            if (label is not null && _secrets.Values.Any(s => s.Label == label && s.OwnerApplication == AppName && s.OwnerUnit == owner))
            {
                throw HookToolError.Refused($"secret with label \"{label}\" already exists");
            }

            var id = NewSecretId(++_secretsMade);
            var secret = new SimulatedSecret(
                id,
                AppName,
                owner,
                label,
                description,
                1,
                content.ToImmutableSortedDictionary(StringComparer.Ordinal),
                [],
                ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));
            _secrets = _secrets.SetItem(id, secret);
            return id;
        }
    }

    /// <summary>
    /// <c>secret-get [&lt;id&gt;] [--label L]</c>: the content of a secret this unit owns or was granted, found by id or
    /// by label; a consumer giving both an id and a label labels the secret for itself.
    /// </summary>
    public IReadOnlyDictionary<string, string> SecretGet(string? id, string? label)
    {
        lock (_gate)
        {
            EnsureOpen();
            SimulatedSecret secret;
            if (id is not null)
            {
                secret = Readable(id);
                if (label is not null && !secret.IsOwnedBy(Unit) && secret.ConsumerLabels.GetValueOrDefault(Unit.Name) != label)
                {
                    secret = secret with { ConsumerLabels = secret.ConsumerLabels.SetItem(Unit.Name, label) };
                    _secrets = _secrets.SetItem(secret.Id, secret);
                }
            }
            else
            {
                var found = _secrets.Values.FirstOrDefault(s => s.Label == label && s.IsOwnedBy(Unit))
                    ?? _secrets.Values.FirstOrDefault(s => s.ConsumerLabels.GetValueOrDefault(Unit.Name) == label && CanRead(s));
                secret = found ?? throw HookToolError.Refused($"secret with label \"{label}\" not found");
            }

            return secret.Content;
        }
    }

    /// <summary><c>secret-grant &lt;id&gt; -r &lt;relation&gt; [--unit U]</c>: the remote application (or one of its units) may read it.</summary>
    public void SecretGrant(string id, RelationId relation, string? unit)
    {
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "grant");
            var r = Find(relation);
            var remote = r.RemoteApplicationOf(AppName);
            if (unit is not null && (!unit.StartsWith(remote + "/", StringComparison.Ordinal) || !r.Members.ContainsKey(unit)))
            {
                throw HookToolError.Refused($"cannot grant secret {secret.Id} to unit \"{unit}\": it is not a unit of {remote} in relation {relation}");
            }

            var grant = new SecretGrant(r.Number, unit ?? remote);
            if (!secret.Grants.Contains(grant))
            {
                _secrets = _secrets.SetItem(secret.Id, secret with { Grants = secret.Grants.Add(grant) });
            }
        }
    }

    /// <summary><c>secret-revoke &lt;id&gt; [-r &lt;relation&gt;] [--app A] [--unit U]</c>: withdraws the matching grants.</summary>
    public void SecretRevoke(string id, RelationId? relation, string? app, string? unit)
    {
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "revoke");
            var number = relation is { } rid ? Find(rid).Number : (int?)null;
            var kept = secret.Grants.RemoveAll(g =>
                (number is null || g.Relation == number)
                && (app is null || g.Grantee == app || g.Grantee.StartsWith(app + "/", StringComparison.Ordinal))
                && (unit is null || g.Grantee == unit));
            _secrets = _secrets.SetItem(secret.Id, secret with { Grants = kept });
        }
    }

    /// <summary><c>secret-remove &lt;id&gt; [--revision N]</c>: removes the secret (it has one revision).</summary>
    public void SecretRemove(string id, int? revision)
    {
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "remove");
            if (revision is { } n && n != secret.Revision)
            {
                throw HookToolError.Refused($"secret revision {n.ToString(CultureInfo.InvariantCulture)} for {secret.Id} not found (it has revision {secret.Revision.ToString(CultureInfo.InvariantCulture)})");
            }

            _secrets = _secrets.Remove(secret.Id);
        }
    }

    /// <summary><c>secret-ids</c>: the secrets this unit or its application owns.</summary>
    public IReadOnlyList<string> SecretIds()
    {
        lock (_gate)
        {
            EnsureOpen();
            return [.. _secrets.Values.Where(s => s.IsOwnedBy(Unit)).Select(s => s.Id)];
        }
    }

    /// <summary><c>action-get</c>: the action's parameters.</summary>
    public IReadOnlyDictionary<string, object?> ActionGet()
    {
        lock (_gate)
        {
            return RunningAction().Parameters;
        }
    }

    /// <summary><c>action-set key=value …</c>: results, nested at the dots in a key.</summary>
    public void ActionSet(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        lock (_gate)
        {
            var action = RunningAction();
            foreach (var (key, _) in values)
            {
                foreach (var part in key.Split('.'))
                {
                    if (!ActionKey().IsMatch(part))
                    {
                        throw HookToolError.Refused($"key \"{key}\" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods");
                    }
                }

                if (key is "stdout" or "stdout-encoding" or "stderr" or "stderr-encoding")
                {
                    throw HookToolError.Refused($"cannot set reserved action key \"{key}\"");
                }
            }

            foreach (var (key, value) in values)
            {
                var parts = key.Split('.');
                var map = action.Results;
                foreach (var part in parts[..^1])
                {
                    if (map.GetValueOrDefault(part) is not SortedDictionary<string, object?> inner)
                    {
                        inner = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                        map[part] = inner;
                    }

                    map = inner;
                }

                map[parts[^1]] = value;
            }
        }
    }

    /// <summary><c>action-fail [message]</c>: the action fails (its results are kept).</summary>
    public void ActionFail(string message)
    {
        lock (_gate)
        {
            var action = RunningAction();
            action.Failed = true;
            action.Message = message;
        }
    }

    /// <summary><c>action-log message</c>.</summary>
    public void ActionLog(string message)
    {
        lock (_gate)
        {
            RunningAction().Log.Add(message);
        }
    }

    /// <summary>Runs the workload CLI on this unit's host; the call is kept for the hook's trace entry.</summary>
    public CliResult RunWorkload(IReadOnlyList<string> arguments)
    {
        lock (_gate)
        {
            EnsureOpen();
        }

        var result = _workload.Execute(Unit.HostName, arguments);
        if (_workload.Cluster?.ListCalls() is { Count: > 0 } calls)
        {
            lock (_gate)
            {
                _cliCalls.Add(calls[^1]);
            }
        }

        return result;
    }

    public IReadOnlyList<MicroclusterCall> CliCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _cliCalls];
            }
        }
    }

    /// <summary>Ends the hook: no tool call is answered any more (a late call from an abandoned hook gets an error).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>
    /// Applies the hook's buffered writes to the model (the hook succeeded) and returns the databags that really changed.
    /// </summary>
    public IReadOnlyList<DatabagChange> Commit()
    {
        lock (_gate)
        {
            _closed = true;
            var changes = new List<DatabagChange>();
            foreach (var ((number, isApp), values) in _pending.OrderBy(p => p.Key.Relation).ThenBy(p => p.Key.IsApp))
            {
                var relation = _model.FindRelation(number);
                if (relation is null || values.Count == 0)
                {
                    continue;
                }

                var target = isApp ? relation.EnsureAppData(AppName) : relation.EnsureUnitData(Unit);
                var keys = values.ApplyTo(target);
                if (keys.Count > 0)
                {
                    changes.Add(new DatabagChange(relation.IdFor(AppName), isApp ? AppName : Unit.Name, isApp, keys));
                }
            }

            Unit.ControllerState = _state;
            _model.SecretStore = _secrets;
            _model.SecretsMade = _secretsMade;
            return changes;
        }
    }

    private ActionState RunningAction()
    {
        EnsureOpen();
        return Action ?? throw HookToolError.Refused($"not running an action: the action tools work only in an action (JUJU_DISPATCH_PATH actions/<name>), and this is the hook {Hook.HookName}");
    }

    /// <summary>A secret this unit may read, by any of the id forms Juju prints (<c>secret:x</c>, <c>secret://model/x</c>, <c>x</c>).</summary>
    private SimulatedSecret Readable(string id)
    {
        var secret = FindSecret(id) ?? throw HookToolError.Refused($"secret \"{id}\" not found");
        return CanRead(secret) ? secret : throw HookToolError.Refused($"permission denied: {Unit.Name} neither owns {secret.Id} nor was granted it (its owner grants it with secret-grant over a relation)");
    }

    /// <summary>A secret this unit may change: the owning unit, or the owning application's leader.</summary>
    private SimulatedSecret Managed(string id, string what)
    {
        var secret = FindSecret(id);
        if (secret is null || !CanRead(secret))
        {
            throw HookToolError.Refused($"secret \"{id}\" not found");
        }

        if (!secret.IsManagedBy(Unit))
        {
            var who = secret.OwnerUnit ?? $"the leader of {secret.OwnerApplication}";
            throw HookToolError.Refused($"permission denied: only its owner ({who}) may {what} secret {secret.Id}");
        }

        return secret;
    }

    private SimulatedSecret? FindSecret(string id)
    {
        var slash = id.LastIndexOf('/');
        var xid = slash >= 0 ? id[(slash + 1)..] : id.StartsWith("secret:", StringComparison.Ordinal) ? id["secret:".Length..] : id;
        return _secrets.GetValueOrDefault("secret:" + xid);
    }

    private bool CanRead(SimulatedSecret secret)
        => secret.IsOwnedBy(Unit)
            || secret.Grants.Any(g => (g.Grantee == AppName || g.Grantee == Unit.Name) && _model.FindRelation(g.Relation) is not null);

    /// <summary>A Juju-looking secret id (20 base32hex characters), the same for the same model and count.</summary>
    private string NewSecretId(int number)
    {
        const string Alphabet = "0123456789abcdefghijklmnopqrstuv";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(_model.Uuid + "/" + number.ToString(CultureInfo.InvariantCulture)));
        var text = new StringBuilder("secret:", 27);
        for (var i = 0; i < 20; i++)
        {
            text.Append(Alphabet[hash[i] % 32]);
        }

        return text.ToString();
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ActionKey();

    private bool IsBrokenInThisHook(SimulatedRelation relation)
        => Hook.Event.Kind == JujuEventKind.RelationBroken && Hook.Relation?.Number == relation.Number;

    private SimulatedRelation Find(RelationId id)
    {
        var relation = _model.FindRelation(id.Number);
        if (relation is null || !relation.Involves(AppName) || relation.EndpointOf(AppName) != id.Endpoint || !relation.Members.ContainsKey(Unit.Name))
        {
            throw HookToolError.Refused(JujuAgentRules.RelationNotFound(id.ToString()));
        }

        return relation;
    }

    private DatabagWrites? Pending(int relation, bool isApp, bool create)
    {
        if (!_pending.TryGetValue((relation, isApp), out var pending) && create)
        {
            pending = new DatabagWrites();
            _pending[(relation, isApp)] = pending;
        }

        return pending;
    }

    private Dictionary<string, string> DefaultUnitData() => new(JujuAgentRules.UnitAddressKeys(Unit.Address), StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> Overlay(IReadOnlyDictionary<string, string> data, DatabagWrites? pending)
        => pending is null ? data : pending.Overlay(data);

    private void EnsureOpen()
    {
        if (_closed)
        {
            throw HookToolError.Refused($"the hook {Hook.HookName} on {Unit.Name} has ended; hook tools work only while their hook runs");
        }
    }
}

using System.Collections.Immutable;
using Charm.Framework.Events;
using Charm.Framework.Backend;
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
internal sealed class HookContext
{
    private readonly Lock _gate = new();
    private readonly SimulatedModel _model;
    private readonly ISimulationClock _clock;
    private readonly WorkloadCli _workload;
    private readonly Dictionary<(int Relation, bool IsApp), SortedDictionary<string, string>> _pending = [];
    private readonly List<ToolCall> _calls = [];
    private readonly List<LogRecord> _logs = [];
    private readonly List<MicroclusterCall> _cliCalls = [];
    private ImmutableSortedDictionary<string, string> _state;
    private bool _closed;

    public HookContext(string id, SimulatedModel model, SimulatedUnit unit, HookInvocation hook, ISimulationClock clock, WorkloadCli workload)
    {
        Id = id;
        _model = model;
        Unit = unit;
        Hook = hook;
        _clock = clock;
        _workload = workload;
        _state = unit.ControllerState;
    }

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

            var slash = member.LastIndexOf('/');
            var memberApp = slash > 0 ? member[..slash] : "";
            if (memberApp == r.RemoteApplicationOf(AppName) && r.HasUnitData(member))
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

            var pending = Pending(r.Number, isApp, create: true)!;
            foreach (var (key, value) in changes)
            {
                pending[key] = value ?? "";
            }
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
                var keys = new List<string>();
                foreach (var (key, value) in values)
                {
                    var had = target.TryGetValue(key, out var old);
                    if (value.Length == 0)
                    {
                        if (had)
                        {
                            target.Remove(key);
                            keys.Add(key);
                        }
                    }
                    else if (!had || old != value)
                    {
                        target[key] = value;
                        keys.Add(key);
                    }
                }

                if (keys.Count > 0)
                {
                    changes.Add(new DatabagChange(relation.IdFor(AppName), isApp ? AppName : Unit.Name, isApp, keys));
                }
            }

            Unit.ControllerState = _state;
            return changes;
        }
    }

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

    private SortedDictionary<string, string>? Pending(int relation, bool isApp, bool create)
    {
        if (!_pending.TryGetValue((relation, isApp), out var pending) && create)
        {
            pending = new SortedDictionary<string, string>(StringComparer.Ordinal);
            _pending[(relation, isApp)] = pending;
        }

        return pending;
    }

    private Dictionary<string, string> DefaultUnitData() => new(StringComparer.Ordinal)
    {
        ["egress-subnets"] = Unit.Address + "/32",
        ["ingress-address"] = Unit.Address,
        ["private-address"] = Unit.Address,
    };

    private static IReadOnlyDictionary<string, string> Overlay(IReadOnlyDictionary<string, string> data, SortedDictionary<string, string>? pending)
    {
        if (pending is null || pending.Count == 0)
        {
            return data;
        }

        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            merged[key] = value;
        }

        foreach (var (key, value) in pending)
        {
            if (value.Length == 0)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    private void EnsureOpen()
    {
        if (_closed)
        {
            throw HookToolError.Refused($"the hook {Hook.HookName} on {Unit.Name} has ended; hook tools work only while their hook runs");
        }
    }
}

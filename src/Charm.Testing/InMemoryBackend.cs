using System.Collections.Immutable;
using Charm.Framework;
using Charm.Framework.Hosting;
using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>
/// An <see cref="IJujuBackend"/> that answers from a <see cref="State"/> under exactly the rules the Juju agent
/// enforces: a non-leader can neither read nor write its application's databag (except on a peer relation), a unit
/// can only write its own databags, unknown relations and units are errors, and <c>relation-set</c> writes are held
/// until the hook ends: <see cref="Complete"/> applies them, a failed hook discards them, as the agent does.
/// Failures are raised as the same typed exceptions <see cref="HookToolBackend"/> maps real tool failures to.
/// Like the agent, <c>relation-get</c> of a unit databag also answers the keys Juju fills in itself
/// (<c>ingress-address</c>, <c>private-address</c>, <c>egress-subnets</c>; see <see cref="AgentAddress"/>) unless the
/// state sets them or the hook deleted them, or the state turns them off (<see cref="State.WithoutJujuAddressKeys"/>);
/// they are never part of the output state.
/// </summary>
public sealed partial class InMemoryBackend : IJujuBackend
{
    private readonly string _unitName;
    private readonly string _appName;
    private readonly Dictionary<int, RelationData> _relations = new();
    private readonly List<BackendCall> _calls = [];
    private readonly List<LogEntry> _logs = [];
    private readonly List<Status> _unitStatusHistory = [];
    private readonly List<Status> _appStatusHistory = [];
    private readonly State _input;
    private readonly CharmMetadata _metadata;
    private readonly ActionRun? _action;
    private Status _unitStatus;
    private Status _appStatus;
    private ImmutableSortedDictionary<string, string> _controllerState;
    private readonly (RelationId Relation, string Unit)? _departing;

    /// <summary>Creates a backend for unit <paramref name="unitName"/> seeing <paramref name="state"/>.</summary>
    public InMemoryBackend(string unitName, State state)
        : this(unitName, state, hook: null)
    {
    }

    /// <summary>
    /// Creates a backend for unit <paramref name="unitName"/> seeing <paramref name="state"/> while <paramref name="hook"/>
    /// runs. During <c>relation-departed</c> the departing remote unit is no longer listed by <c>relation-list</c>, but its
    /// databag stays readable, as the Juju agent answers.
    /// </summary>
    public InMemoryBackend(string unitName, State state, Hook? hook)
        : this(unitName, state, hook, CharmMetadata.Empty)
    {
    }

    /// <summary>
    /// Creates a backend for unit <paramref name="unitName"/> seeing <paramref name="state"/> while <paramref name="hook"/>
    /// runs, for a charm declaring <paramref name="metadata"/>: <c>network-get</c> answers for its endpoints.
    /// </summary>
    public InMemoryBackend(string unitName, State state, Hook? hook, CharmMetadata metadata)
    {
        _metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        _appName = ParseUnitName(unitName, nameof(unitName)).Application;
        _input = state ?? throw new ArgumentNullException(nameof(state));
        _unitName = unitName;
        _unitStatus = state.UnitStatus;
        _appStatus = state.AppStatus;
        _controllerState = state.ControllerState;
        foreach (var relation in state.Relations)
        {
            if (!_relations.TryAdd(relation.Id, new RelationData(relation)))
            {
                throw new ArgumentException($"The state has two relations with id {relation.Id}; relation ids are unique in a model.", nameof(state));
            }
        }

        if (hook is { Action: { } action })
        {
            _action = new ActionRun(action.Name, action.Parameters);
        }

        if (hook is { DepartingUnit: { } departing, Relation: { } departedFrom })
        {
            _departing = (departedFrom.RelationId, departedFrom.RemoteUnitName(departing));
        }
    }

    /// <summary>Every hook-tool call, in order.</summary>
    public IReadOnlyList<BackendCall> Calls => _calls;

    /// <summary>Every <c>juju-log</c> line, in order.</summary>
    public IReadOnlyList<LogEntry> Logs => _logs;

    /// <summary>Every unit status the charm set, in order.</summary>
    public IReadOnlyList<Status> UnitStatusHistory => _unitStatusHistory;

    /// <summary>Every application status the charm set, in order.</summary>
    public IReadOnlyList<Status> AppStatusHistory => _appStatusHistory;

    /// <inheritdoc />
    public IReadOnlyList<RelationId> RelationIds(string endpoint)
    {
        _calls.Add(new BackendCall("relation-ids", endpoint));
        return _relations.Values.Where(r => r.State.Endpoint == endpoint).OrderBy(r => r.State.Id).Select(r => r.State.RelationId).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> RelationUnits(RelationId relation)
    {
        _calls.Add(new BackendCall("relation-list", $"-r {relation}"));
        var r = Find("relation-list", relation);
        var units = r.State.RemoteUnitsData.Keys.Select(r.State.RemoteUnitName);
        return (_departing is { } departing && departing.Relation == relation ? units.Where(u => u != departing.Unit) : units).ToArray();
    }

    /// <inheritdoc />
    public string? RelationRemoteApp(RelationId relation)
    {
        _calls.Add(new BackendCall("relation-list", $"--app -r {relation}"));
        return Find("relation-list", relation).State.RemoteApp;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> RelationGet(RelationId relation, string member, bool isApp)
    {
        const string tool = "relation-get";
        _calls.Add(new BackendCall(tool, $"-r {relation}{(isApp ? " --app" : "")} - {member}"));
        var r = Find(tool, relation);
        if (isApp)
        {
            if (member == _appName)
            {
                if (JujuAgentRules.OwnAppReadRefusal(r.State.IsPeer, IsLeaderQuiet()) is { } refusal)
                {
                    throw Fail(tool, refusal);
                }

                return r.PendingApp.Overlay(r.State.LocalAppData);
            }

            if (member == r.State.RemoteApp)
            {
                return r.State.RemoteAppData;
            }

            throw Fail(tool, JujuAgentRules.AppNotInRelation(member, relation));
        }

        if (member == _unitName)
        {
            return WithAgentKeys(r.PendingUnit.Overlay(r.State.LocalUnitData), member, r.PendingUnit);
        }

        foreach (var (number, data) in r.State.RemoteUnitsData)
        {
            if (r.State.RemoteUnitName(number) == member)
            {
                return WithAgentKeys(data, member, pending: null);
            }
        }

        throw Fail(tool, JujuAgentRules.UnitSettingsNotFound(member, relation));
    }

    /// <inheritdoc />
    public void RelationSet(RelationId relation, bool isApp, IReadOnlyDictionary<string, string> changes)
    {
        const string tool = "relation-set";
        _calls.Add(new BackendCall(tool, $"-r {relation}{(isApp ? " --app" : "")}", new Dictionary<string, string>(changes, StringComparer.Ordinal)));
        var r = Find(tool, relation);
        if (JujuAgentRules.RelationSetRefusal(isApp, IsLeaderQuiet(), changes.Keys) is { } refusal)
        {
            throw Fail(tool, refusal);
        }

        (isApp ? r.PendingApp : r.PendingUnit).WriteAll(changes);
    }

    /// <inheritdoc />
    public bool IsLeader()
    {
        _calls.Add(new BackendCall("is-leader", ""));
        return _input.Leader;
    }

    /// <inheritdoc />
    public void StatusSet(Status status, bool application)
    {
        ArgumentNullException.ThrowIfNull(status);
        _calls.Add(new BackendCall("status-set", $"--application={(application ? "True" : "False")} {status.Name} -- {status.Message}"));
        if (JujuAgentRules.StatusSetRefusal(status, application, IsLeaderQuiet()) is { } refusal)
        {
            throw Fail("status-set", refusal);
        }

        if (application)
        {
            _appStatus = status;
            _appStatusHistory.Add(status);
        }
        else
        {
            _unitStatus = status;
            _unitStatusHistory.Add(status);
        }
    }

    /// <inheritdoc />
    public Status StatusGet(bool application)
    {
        _calls.Add(new BackendCall("status-get", $"--application={(application ? "True" : "False")}"));
        if (JujuAgentRules.StatusGetRefusal(application, IsLeaderQuiet()) is { } refusal)
        {
            throw Fail("status-get", refusal);
        }

        return application ? _appStatus : _unitStatus;
    }

    /// <inheritdoc />
    public void Log(LogLevel level, string message)
    {
        _calls.Add(new BackendCall("juju-log", $"--log-level {level.ToString().ToUpperInvariant()}"));
        _logs.Add(new LogEntry(level, message));
    }

    /// <inheritdoc />
    /// <remarks>As the real hook tools: the framework folds a hook's DEBUG and INFO lines, so <see cref="Calls"/> counts the processes Juju would run.</remarks>
    public bool FoldsLogLines => true;

    /// <inheritdoc />
    /// <remarks>
    /// One <c>juju-log</c> call, as under the dispatcher's default level (INFO: the DEBUG lines are dropped, the INFO
    /// lines go in one call); <see cref="Logs"/> keeps every line, DEBUG included.
    /// </remarks>
    public void LogLines(IReadOnlyList<KeyValuePair<LogLevel, string>> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        _calls.Add(new BackendCall("juju-log", "--log-level INFO"));
        foreach (var (level, message) in lines)
        {
            _logs.Add(new LogEntry(level, message));
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ConfigValue> ConfigGet()
    {
        _calls.Add(new BackendCall("config-get", ""));
        return _input.Config;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> StateGet()
    {
        _calls.Add(new BackendCall("state-get", ""));
        return _controllerState;
    }

    /// <inheritdoc />
    public void StateSet(IReadOnlyDictionary<string, string> values)
    {
        _calls.Add(new BackendCall("state-set", "", new Dictionary<string, string>(values, StringComparer.Ordinal)));
        _controllerState = _controllerState.SetItems(values);
    }

    /// <inheritdoc />
    public void StateDelete(string key)
    {
        _calls.Add(new BackendCall("state-delete", key));
        _controllerState = _controllerState.Remove(key);
    }

    /// <summary>
    /// Ends the hook and returns the state the unit is left in. A successful hook's relation writes are applied; a
    /// failed hook's are discarded and the unit is left in <c>error</c> status, as Juju leaves it.
    /// </summary>
    public State Complete(bool succeeded, Framework.State.StateSnapshot stored, string hookName)
    {
        var relations = _input.Relations.Select(original =>
        {
            var r = _relations[original.Id];
            return succeeded
                ? original with { LocalUnitData = r.PendingUnit.Overlay(original.LocalUnitData), LocalAppData = r.PendingApp.Overlay(original.LocalAppData) }
                : original;
        }).ToImmutableArray();
        return _input with
        {
            Relations = relations,
            UnitStatus = succeeded ? _unitStatus : new Status(StatusKind.Error, $"hook failed: \"{hookName}\""),
            AppStatus = _appStatus,
            ControllerState = succeeded ? _controllerState : _input.ControllerState,
            OpenedPorts = succeeded && _ports is { } ports ? [.. ports] : _input.OpenedPorts,
            Secrets = succeeded && _secrets is { } secrets ? secrets : _input.Secrets,
            WorkloadVersion = _workloadVersion ?? _input.WorkloadVersion,
            Stored = succeeded ? stored : _input.Stored,
        };
    }

    private bool IsLeaderQuiet() => _input.Leader;

    private RelationData Find(string tool, RelationId relation)
    {
        if (_relations.TryGetValue(relation.Number, out var r) && r.State.Endpoint == relation.Endpoint)
        {
            return r;
        }

        throw Fail(tool, JujuAgentRules.RelationNotFound(relation.ToString()));
    }

    private static HookToolException Fail(string tool, string refusal) => HookToolException.FromFailure(tool, 1, "ERROR " + refusal + "\n");

    /// <summary>
    /// The address Juju would give <paramref name="unitName"/> in the in-memory backend: <c>10.a.b.c</c>, where
    /// <c>a</c> comes from the application's name and <c>b.c</c> from the unit number, so it is stable across runs and
    /// different for every unit of a test. <c>relation-get</c> answers it as <c>ingress-address</c> and
    /// <c>private-address</c>, and <c>&lt;address&gt;/32</c> as <c>egress-subnets</c>.
    /// </summary>
    /// <param name="unitName">A unit name such as <c>workload/3</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="unitName"/> is not a unit name (<see cref="UnitName.Parse"/>).</exception>
    public static string AgentAddress(string unitName)
    {
        var unit = ParseUnitName(unitName, nameof(unitName));
        var hash = 2166136261u;
        foreach (var c in unit.Application)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var number = unit.Number;
        return $"10.{(hash % 250) + 1}.{number / 250 % 250}.{(number % 250) + 1}";
    }

    private static UnitName ParseUnitName(string unitName, string parameter)
    {
        ArgumentNullException.ThrowIfNull(unitName, parameter);
        try
        {
            return UnitName.Parse(unitName);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, parameter, e);
        }
    }

    private ImmutableSortedDictionary<string, string> WithAgentKeys(ImmutableSortedDictionary<string, string> data, string unitName, DatabagWrites? pending)
    {
        if (!_input.JujuAddressKeys)
        {
            return data;
        }

        var address = AgentAddress(unitName);
        var builder = data.ToBuilder();
        foreach (var (key, value) in JujuAgentRules.UnitAddressKeys(address))
        {
            if (!builder.ContainsKey(key) && pending?.Pending.ContainsKey(key) != true)
            {
                builder[key] = value;
            }
        }

        return builder.ToImmutable();
    }

    private sealed class RelationData(RelationState state)
    {
        public RelationState State { get; } = state;

        public DatabagWrites PendingUnit { get; } = new();

        public DatabagWrites PendingApp { get; } = new();
    }
}

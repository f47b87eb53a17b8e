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
    /// <summary>The longest <c>state-set</c> key Juju stores, in bytes.</summary>
    public const int MaxStateKeyBytes = 256;

    /// <summary>The longest <c>state-set</c> value Juju stores, in bytes (64 KiB).</summary>
    public const int MaxStateValueBytes = 64 * 1024;

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

    /// <summary>The simulated time now (a process hook moves it as wall-clock time passes: <see cref="CatchUpClock"/>).</summary>
    public DateTimeOffset Now => _clock.Now;

    /// <summary>Moves the simulated clock on by the wall-clock time the hook has taken so far (process hooks), or null.</summary>
    public Action? CatchUpClock { get; init; }

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
                Unit.StatusSince = _clock.Now;
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
            return Unit.Application.EffectiveConfig;
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
            foreach (var (key, value) in values)
            {
                if (key.Length == 0)
                {
                    throw HookToolError.Refused("empty key not allowed");
                }

                // Juju's quota (quota.MaxCharmStateKeySize / MaxCharmStateValueSize), in UTF-8 bytes as Go counts them.
                if (Encoding.UTF8.GetByteCount(key) > MaxStateKeyBytes)
                {
                    throw HookToolError.Refused($"max allowed key length ({MaxStateKeyBytes}): quota limit exceeded");
                }

                if (Encoding.UTF8.GetByteCount(value) > MaxStateValueBytes)
                {
                    throw HookToolError.Refused($"max allowed value length ({MaxStateValueBytes}): quota limit exceeded");
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
    private string Address(string binding, RelationId? relation)
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

    /// <summary><c>network-get</c>: the network of a binding, the same for every binding (<see cref="SimulatedNetwork"/>).</summary>
    public Network NetworkGet(string binding, RelationId? relation) => SimulatedNetwork.For(Address(binding, relation));

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

        CatchUpClock?.Invoke();
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
            CommitPorts();
            _model.SecretStore = _secrets;
            _model.SecretsMade = _secretsMade;
            return changes;
        }
    }

    private void EnsureOpen()
    {
        if (_closed)
        {
            throw HookToolError.Refused($"the hook {Hook.HookName} on {Unit.Name} has ended; hook tools work only while their hook runs");
        }
    }
}

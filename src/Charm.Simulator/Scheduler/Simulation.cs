using System.Globalization;
using System.Text.RegularExpressions;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;

namespace Charm.Simulator.Scheduler;

/// <summary>
/// A simulated Juju model and its deterministic scheduler. Deploy applications (in-process charms or charm directories),
/// relate them, change the model (units, leadership, config), and run hooks one at a time in Juju's order: each unit has a
/// queue; each step picks one unit with a hook ready (seeded: the same seed replays the same run) and runs the hook at
/// its head; a failed hook's changes are discarded and it is retried with backoff on the simulated clock.
/// </summary>
/// <example>
/// <code>
/// using var sim = new Simulation(new SimulationOptions { Seed = 7 });
/// sim.Deploy("microovn", CharmSource.InProcess(ctx =&gt; new MyCharm(ctx), metadata), units: 3);
/// sim.Deploy("distributor", CharmSource.FromDirectory("charms/distributor"));
/// sim.Relate("microovn", "distributor");
/// var result = sim.RunUntil(s =&gt; !s.HasPendingHooks, maxSteps: 1000);
/// </code>
/// </example>
public sealed partial class Simulation : IDisposable
{
    private readonly SimulationOptions _options;
    private readonly HookPlanner _planner;
    private readonly Random _random;
    private readonly WorkloadCli _workload;
    private readonly InProcessHookRunner _inProcess;
    private readonly List<TraceEntry> _trace = [];
    private readonly List<LogRecord> _logs = [];
    private readonly List<string> _warnings = [];
    private ProcessWorkspace? _workspace;
    private HookToolSocketServer? _server;
    private ProcessHookRunner? _processRunner;
    private string? _lastUnit;
    private DateTimeOffset? _nextUpdateStatus;
    private int _actionsRun;
    private bool _disposed;

    /// <summary>Creates an empty model.</summary>
    public Simulation(SimulationOptions? options = null)
    {
        _options = options ?? new SimulationOptions();
        _options.Validate();
        _random = new Random(_options.Seed);
        Clock = _options.Clock ?? new ManualClock(_options.StartTime);
        Microcluster = _options.Microcluster ?? new FakeMicrocluster(Clock, new FakeMicroclusterOptions
        {
            Seed = _options.Seed,
            CommandName = _options.WorkloadCommand,
        });
        Model = new SimulatedModel(_options.ModelName, _options.ModelUuid ?? DeriveUuid(_options.Seed));
        _planner = new HookPlanner(Model);
        _workload = new WorkloadCli(_options.WorkloadCommand, Microcluster);
        _inProcess = new InProcessHookRunner(_options.InProcessFallbackRunner);
        if (_options.UpdateStatusInterval is { } interval)
        {
            _nextUpdateStatus = Clock.Now + interval;
        }
    }

    /// <summary>The settings.</summary>
    public SimulationOptions Options => _options;

    /// <summary>The model: applications, units, relations and their databags.</summary>
    public SimulatedModel Model { get; }

    /// <summary>The simulated clock; it moves by <see cref="SimulationOptions.HookDuration"/> per hook, and jumps over idle time.</summary>
    public ManualClock Clock { get; }

    /// <summary>The fake cluster the workload CLI talks to.</summary>
    public FakeMicrocluster Microcluster { get; }

    /// <summary>Every hook run so far, in order.</summary>
    public IReadOnlyList<TraceEntry> Trace => _trace;

    /// <summary>Every <c>juju-log</c> line so far.</summary>
    public IReadOnlyList<LogRecord> Logs => _logs;

    /// <summary>Things the simulator could not do as asked (e.g. give charm processes their own host names).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>How many hooks ran.</summary>
    public long Steps => _trace.Count;

    /// <summary>How many hooks were not queued because an identical one was already waiting (coalesced changes).</summary>
    public int CoalescedHooks => _planner.Coalesced;

    /// <summary>Whether charm processes run under their unit's host name (known once a charm directory was deployed).</summary>
    public bool? IsolatesHostNames { get; private set; }

    /// <summary>Called after every hook run (e.g. to show progress).</summary>
    public Action<TraceEntry>? HookCompleted { get; set; }

    /// <summary>Whether some unit still has a hook to run (units that gave up count as having none).</summary>
    public bool HasPendingHooks => Model.Units.Any(u => !u.IsStuck && u.Queue.Count > 0);

    /// <summary>Every waiting hook, unit by unit.</summary>
    public IReadOnlyList<HookInvocation> PendingHooks => [.. Model.Units.SelectMany(u => u.PendingHooks)];

    /// <summary>The units that gave up on a hook after <see cref="SimulationOptions.MaxHookAttempts"/> failures (none when it is not set).</summary>
    public IReadOnlyList<SimulatedUnit> StuckUnits => [.. Model.Units.Where(u => u.IsStuck)];

    /// <summary>
    /// Deploys an application with <paramref name="units"/> units; the first is the leader. Peer relations the charm declares
    /// are created. Each unit gets install, leader-elected (leader) or leader-settings-changed, config-changed, start.
    /// </summary>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    /// <exception cref="InvalidOperationException">A charm directory is deployed but the hook tool cannot be found.</exception>
    public SimulatedApplication Deploy(string name, CharmSource charm, int units = 1, IReadOnlyDictionary<string, ConfigValue>? config = null)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(charm);
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        if (!JujuName().IsMatch(name ?? ""))
        {
            throw new ArgumentException($"'{name}' is not a valid application name: use lower-case letters, digits and single hyphens, starting with a letter.", nameof(name));
        }

        if (Model.FindApplication(name!) is not null)
        {
            throw new ArgumentException($"Application '{name}' is already deployed.", nameof(name));
        }

        if (charm.Kind == CharmSourceKind.Directory)
        {
            EnsureProcessSupport();
        }

        var application = new SimulatedApplication(name!, charm, Model.Applications.Count);
        if (config is not null)
        {
            application.Config = application.Config.SetItems(config);
        }

        Model.Add(application);
        foreach (var peer in charm.Metadata.Endpoints.Where(e => e.Role == EndpointRole.Peers))
        {
            var relation = new SimulatedRelation(Model.NextRelationNumber++, new(name!, peer.Name), new(name!, peer.Name), peer.Interface, isPeer: true);
            Model.Add(relation);
        }

        for (var i = 0; i < units; i++)
        {
            AddUnit(name!);
        }

        return application;
    }

    /// <summary>Adds a unit to an application (leader if it has none) and queues its start-up hooks and relation-created.</summary>
    public SimulatedUnit AddUnit(string application, string? hostName = null)
    {
        ThrowIfDisposed();
        var app = Model.GetApplication(application);
        var number = app.NextUnitNumber++;
        var host = hostName ?? _options.HostNameOf?.Invoke(app, number) ?? $"{app.Name}-{number.ToString(CultureInfo.InvariantCulture)}";
        if (Model.Units.Any(u => u.HostName == host))
        {
            throw new ArgumentException($"Host name '{host}' is already used by another unit.", nameof(hostName));
        }

        var address = string.Create(CultureInfo.InvariantCulture, $"10.{(app.Index + 1) % 256}.{number / 250 % 256}.{number % 250 + 2}");
        var unit = new SimulatedUnit(app, number, host, address);
        app.AddUnit(unit);
        app.Leader ??= unit;
        if (app.Charm.Kind == CharmSourceKind.Directory)
        {
            unit.CharmDirectory = _workspace!.PrepareUnit(unit);
        }
        else
        {
            unit.CharmDirectory = null;
        }

        _planner.PlanNewUnit(unit);
        return unit;
    }

    /// <summary>
    /// Starts removing a unit: remote units get relation-departed, the unit departs from each relation, then runs
    /// relation-broken, stop and remove. It leaves the model when its remove hook succeeds; if it was the leader, the
    /// lowest-numbered remaining unit becomes leader then.
    /// </summary>
    public void RemoveUnit(string unit)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        if (target.Life != UnitLife.Alive)
        {
            return;
        }

        target.Life = UnitLife.Dying;
        if (!target.IsInstalled && target.Queue.Head is not { FailedAttempts: > 0 })
        {
            // It never ran a hook: nothing to tell anyone.
            foreach (var relation in Model.RelationsOf(target.Application.Name))
            {
                relation.Members.Remove(target.Name);
            }

            target.Queue.Clear();
            RemoveFromModel(target);
            return;
        }

        _planner.PlanUnitRemoval(target);
    }

    /// <summary>
    /// Relates two endpoints, each written <c>app:endpoint</c> or just <c>app</c> (the endpoint is then the one whose
    /// interface matches the other side's, requires to provides). Every unit of both sides gets relation-created.
    /// </summary>
    /// <exception cref="ArgumentException">An endpoint is unknown, the roles or interfaces do not match, or the choice is ambiguous.</exception>
    public SimulatedRelation Relate(string first, string second)
    {
        ThrowIfDisposed();
        var (a, b, iface) = ResolveEndpoints(RelationEndpoint.Parse(first), RelationEndpoint.Parse(second));
        if (Model.Relations.Any(r => !r.IsDying && ((r.First == a && r.Second == b) || (r.First == b && r.Second == a))))
        {
            throw new ArgumentException($"{a} and {b} are already related.", nameof(second));
        }

        var relation = new SimulatedRelation(Model.NextRelationNumber++, a, b, iface, isPeer: false);
        Model.Add(relation);
        _planner.PlanNewRelation(relation);
        return relation;
    }

    /// <summary>Removes a relation: every unit in it departs from each remote unit it saw, then runs relation-broken.</summary>
    public void RemoveRelation(int number)
    {
        ThrowIfDisposed();
        var relation = Model.FindRelation(number) ?? throw new ArgumentException($"There is no relation {number}.", nameof(number));
        if (relation.IsPeer)
        {
            throw new ArgumentException($"Relation {number} is a peer relation; Juju removes it only with its application.", nameof(number));
        }

        relation.IsDying = true;
        _planner.PlanRelationRemoval(relation);
        if (relation.Members.Count == 0)
        {
            relation.IsRemoved = true;
        }
    }

    /// <summary>Moves leadership to <paramref name="unit"/>: leader-elected there, leader-settings-changed on the others.</summary>
    public void SetLeader(string unit)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        if (target.Life != UnitLife.Alive)
        {
            throw new ArgumentException($"{unit} is {target.Life.ToString().ToLowerInvariant()}; only a live unit can become leader.", nameof(unit));
        }

        if (target.IsLeader)
        {
            return;
        }

        target.Application.Leader = target;
        _planner.PlanLeaderChange(target.Application, target);
    }

    /// <summary>Sets config values (an empty string value removes the key) and queues config-changed on every unit.</summary>
    public void SetConfig(string application, IReadOnlyDictionary<string, ConfigValue> values)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(values);
        var app = Model.GetApplication(application);
        var config = app.Config;
        foreach (var (key, value) in values)
        {
            config = value.Value is string { Length: 0 } ? config.Remove(key) : config.SetItem(key, value);
        }

        app.Config = config;
        _planner.PlanConfigChanged(app);
    }

    /// <summary>Queues update-status on one unit, or on every started unit.</summary>
    public void TriggerUpdateStatus(string? unit = null)
    {
        ThrowIfDisposed();
        _planner.PlanUpdateStatus(unit is null ? Model.Units : [Model.GetUnit(unit)]);
    }

    /// <summary>Moves the simulated clock forward (the fake cluster runs the heartbeats that fall due).</summary>
    public void AdvanceTime(TimeSpan duration)
    {
        ThrowIfDisposed();
        Advance(duration);
    }

    /// <summary>
    /// Runs one hook: picks a unit with a hook ready (jumping the clock to the next retry when every waiting hook is backing
    /// off) and runs the hook at its head. Returns <see langword="null"/> when no hook is waiting.
    /// </summary>
    public TraceEntry? Step()
    {
        ThrowIfDisposed();
        FireDueUpdateStatus();
        var unit = Pick();
        if (unit is null)
        {
            var waiting = Model.Units.Where(u => !u.IsStuck && u.Queue.Head is not null).Select(u => u.Queue.Head!.NotBefore).ToArray();
            if (waiting.Length == 0)
            {
                return null;
            }

            var next = waiting.Min();
            if (next > Clock.Now)
            {
                Advance(next - Clock.Now);
            }

            FireDueUpdateStatus();
            unit = Pick();
            if (unit is null)
            {
                return null;
            }
        }

        return RunHead(unit);
    }

    /// <summary>
    /// Runs the next hook of one unit, whatever the policy would pick (to script an interleaving); waits out its retry
    /// backoff on the simulated clock. Returns <see langword="null"/> when the unit has no hook to run.
    /// </summary>
    public TraceEntry? Step(string unit)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        FireDueUpdateStatus();
        DropStaleHeads(target);
        if (target.IsStuck || target.Queue.Head is not { } head)
        {
            return null;
        }

        if (head.NotBefore > Clock.Now)
        {
            Advance(head.NotBefore - Clock.Now);
        }

        _lastUnit = target.Name;
        return RunHead(target);
    }

    /// <summary>
    /// The hooks that failed and wait for their retry (or were given up on), unit by unit, e.g.
    /// <c>app/0 config-changed (failed 12 times; retrying)</c>.
    /// </summary>
    public IReadOnlyList<string> FailingHooks =>
    [
        .. Model.Units
            .Where(u => u.FailingHook is not null && u.Queue.Head is not null)
            .Select(u => string.Create(
                CultureInfo.InvariantCulture,
                $"{u.Name} {u.Queue.Head!.Invocation.Describe()} (failed {u.Queue.Head.FailedAttempts} time{(u.Queue.Head.FailedAttempts == 1 ? "" : "s")}; {(u.IsStuck ? "given up" : "retrying")})")),
    ];

    /// <summary>Runs at most <paramref name="maxSteps"/> hooks, stopping early when none is left.</summary>
    public SimulationRunResult Run(int maxSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        long steps = 0;
        while (steps < maxSteps)
        {
            if (Step() is null)
            {
                return Result(StopReason.Quiescent, steps);
            }

            steps++;
        }

        return Result(HasPendingHooks ? StopReason.StepLimit : StopReason.Quiescent, steps);
    }

    /// <summary>
    /// Runs an action on a unit now, between its hooks, as <c>juju run &lt;unit&gt; &lt;action&gt;</c> does: the charm is
    /// dispatched with <c>JUJU_DISPATCH_PATH=actions/&lt;name&gt;</c>, <c>JUJU_ACTION_NAME</c> and <c>JUJU_ACTION_UUID</c>,
    /// <c>action-get</c> returns <paramref name="parameters"/>, and <c>action-set</c>, <c>action-fail</c> and
    /// <c>action-log</c> fill the result. Its databag, state and secret writes are kept when the charm exits 0 (even after
    /// <c>action-fail</c>) and discarded otherwise; a failed action is not retried. It is recorded in <see cref="Trace"/>
    /// and moves the clock like a hook. The parameters are not checked against an <c>actions.yaml</c>.
    /// </summary>
    /// <param name="unit">The unit, <c>app/3</c>; its <c>install</c> hook must have succeeded.</param>
    /// <param name="action">The action name.</param>
    /// <param name="parameters">The parameters: strings, numbers (<see cref="long"/>, <see cref="double"/>), booleans,
    /// lists (<see cref="IReadOnlyList{T}"/> of <see cref="object"/>) and nested maps, as <c>action-get</c> prints them.</param>
    /// <exception cref="ArgumentException">The unit or the action name is invalid.</exception>
    /// <exception cref="InvalidOperationException">The unit is not installed yet.</exception>
    public ActionResult RunAction(string unit, string action, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        if (!JujuName().IsMatch(action ?? ""))
        {
            throw new ArgumentException($"'{action}' is not a valid action name: use lower-case letters, digits and single hyphens, starting with a letter.", nameof(action));
        }

        if (!target.IsInstalled)
        {
            throw new InvalidOperationException($"{unit} has not installed yet, and Juju runs actions only on installed units: run the simulation (Step, RunUntilQuiescent) until its install hook succeeded.");
        }

        var id = (++_actionsRun).ToString(CultureInfo.InvariantCulture);
        var state = new ActionState(action!, id, parameters ?? new Dictionary<string, object?>(StringComparer.Ordinal));
        var hook = new HookInvocation(target.Name, new EventKey(JujuEventKind.Other, action), Action: action);
        var (entry, succeeded) = Run(target, hook, attempt: 1, state);
        if (succeeded)
        {
            _planner.PlanDataChanges(target, entry.Changes);
        }

        var failed = !succeeded || state.Failed;
        var message = state.Failed ? state.Message : succeeded ? "" : string.Create(CultureInfo.InvariantCulture, $"exit status {entry.ExitCode}");
        return new ActionResult(id, failed ? ActionStatus.Failed : ActionStatus.Completed, message, state.Results, [.. state.Log], entry);
    }

    /// <summary>Runs hooks until none is left (<see cref="StopReason.Quiescent"/>) or <paramref name="maxSteps"/> ran.</summary>
    public SimulationRunResult RunUntilQuiescent(int maxSteps = 10_000) => Run(maxSteps);

    /// <summary>
    /// Runs hooks until <paramref name="converged"/> holds (checked before every step). When no hook is left but the
    /// predicate does not hold yet, time moves on to the next periodic update-status (if enabled), as a real model idles
    /// until then; the run stops at <paramref name="maxSteps"/> hooks or <paramref name="maxSimulatedTime"/> of simulated time.
    /// </summary>
    public SimulationRunResult RunUntil(Func<Simulation, bool> converged, int maxSteps = 10_000, TimeSpan? maxSimulatedTime = null)
    {
        ArgumentNullException.ThrowIfNull(converged);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        var deadline = Clock.Now + (maxSimulatedTime ?? TimeSpan.FromDays(1));
        long steps = 0;
        while (true)
        {
            if (converged(this))
            {
                return Result(StopReason.Converged, steps);
            }

            if (steps >= maxSteps)
            {
                return Result(StopReason.StepLimit, steps);
            }

            if (Clock.Now >= deadline)
            {
                return Result(StopReason.TimeLimit, steps);
            }

            if (Step() is not null)
            {
                steps++;
                continue;
            }

            if (_nextUpdateStatus is not { } tick || tick > deadline || !Model.Units.Any(u => u.Life == UnitLife.Alive && u.IsStarted && !u.IsStuck))
            {
                return Result(StopReason.Quiescent, steps);
            }

            Advance(tick - Clock.Now);
        }
    }

    /// <summary>Stops the hook-tool server and deletes the work directory (unless asked to keep it).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _server?.Dispose();
        _workspace?.Dispose();
    }

    private SimulationRunResult Result(StopReason reason, long steps) => new(reason, steps, Clock.Now) { FailingHooks = FailingHooks };

    private SimulatedUnit? Pick()
    {
        var now = Clock.Now;
        var units = Model.Units;
        foreach (var unit in units)
        {
            DropStaleHeads(unit);
        }

        var ready = units.Where(u => !u.IsStuck && u.Queue.Head is { } head && head.NotBefore <= now).ToList();
        if (ready.Count == 0)
        {
            return null;
        }

        SimulatedUnit chosen;
        if (_options.Policy == SchedulingPolicy.RoundRobin)
        {
            var order = units.Select(u => u.Name).ToList();
            var last = _lastUnit is null ? -1 : order.IndexOf(_lastUnit);
            chosen = ready.FirstOrDefault(u => order.IndexOf(u.Name) > last) ?? ready[0];
        }
        else
        {
            chosen = ready[_random.Next(ready.Count)];
        }

        _lastUnit = chosen.Name;
        return chosen;
    }

    /// <summary>A relation hook whose relation the unit has left (or that is gone) can no longer run.</summary>
    private void DropStaleHeads(SimulatedUnit unit)
    {
        while (unit.Queue.Head is { } head && head.Invocation.Relation is { } id
            && (Model.FindRelation(id.Number) is not { } relation || !relation.Members.ContainsKey(unit.Name)))
        {
            unit.Queue.RemoveHead();
        }
    }

    private TraceEntry RunHead(SimulatedUnit unit)
    {
        var pending = unit.Queue.Head!;
        var hook = pending.Invocation;
        var relation = hook.Relation is { } rid ? Model.FindRelation(rid.Number) : null;
        var membership = relation?.Members.GetValueOrDefault(unit.Name);

        // relation-list inside the hook already reflects it: a joining unit is listed, a departing one is not.
        if (membership is not null && hook.RemoteUnit is { } remote)
        {
            if (hook.Event.Kind == JujuEventKind.RelationJoined)
            {
                membership.Seen.Add(remote);
            }
            else if (hook.Event.Kind == JujuEventKind.RelationDeparted)
            {
                membership.Seen.Remove(remote);
            }
        }

        var (entry, succeeded) = Run(unit, hook, pending.FailedAttempts + 1, action: null);
        if (succeeded)
        {
            unit.Queue.RemoveHead();
            unit.FailingHook = null;
            AfterSuccess(unit, hook, relation);
            _planner.PlanDataChanges(unit, entry.Changes);
        }
        else
        {
            pending.FailedAttempts++;
            unit.FailingHook = hook.HookName;
            if (_options.MaxHookAttempts is { } maxAttempts && pending.FailedAttempts >= maxAttempts)
            {
                unit.IsStuck = true;
            }
            else
            {
                var delay = TimeSpan.FromTicks(Math.Min(
                    _options.MaxRetryDelay.Ticks,
                    _options.RetryDelay.Ticks * (1L << Math.Min(pending.FailedAttempts - 1, 20))));
                pending.NotBefore = Clock.Now + delay;
            }
        }

        HookCompleted?.Invoke(entry);
        return entry;
    }

    /// <summary>
    /// Runs one hook or action on its runner, commits its writes if it succeeded (the caller plans what they cause), records it,
    /// and moves the clock by <see cref="SimulationOptions.HookDuration"/>.
    /// </summary>
    private (TraceEntry Entry, bool Succeeded) Run(SimulatedUnit unit, HookInvocation hook, int attempt, ActionState? action)
    {
        var step = _trace.Count + 1;
        var started = Clock.Now;
        var contextId = string.Create(CultureInfo.InvariantCulture, $"{unit.Application.Name}-{unit.Number}-{step}-{_random.Next():x8}");
        var context = new HookContext(contextId, Model, unit, hook, Clock, _workload, action);
        var charmDirectory = unit.CharmDirectory ?? $"/var/lib/juju/agents/unit-{unit.Application.Name}-{unit.Number}/charm";
        var environment = HookEnvironment.Build(Model, unit, hook, charmDirectory, contextId, action?.Id);
        var runner = unit.Application.Charm.Kind == CharmSourceKind.Directory ? (IHookRunner)_processRunner! : _inProcess;
        var outcome = runner.Run(context, environment, _options.HookTimeout);

        IReadOnlyList<DatabagChange> changes = [];
        var succeeded = outcome.Result == HookResult.Succeeded;
        unit.HooksRun++;
        if (succeeded)
        {
            changes = context.Commit();
        }
        else
        {
            context.Close();
            unit.HooksFailed++;
        }

        _logs.AddRange(context.Logs);
        var entry = new TraceEntry(
            step,
            started,
            hook,
            attempt,
            outcome.Result,
            outcome.ExitCode,
            changes,
            context.Calls,
            context.CliCalls,
            succeeded ? "" : outcome.ErrorOutput);
        _trace.Add(entry);
        Advance(_options.HookDuration);
        return (entry, succeeded);
    }

    private void AfterSuccess(SimulatedUnit unit, HookInvocation hook, SimulatedRelation? relation)
    {
        switch (hook.Event.Kind)
        {
            case JujuEventKind.Install:
                unit.IsInstalled = true;
                break;
            case JujuEventKind.Start:
                unit.IsStarted = true;
                break;
            case JujuEventKind.RelationCreated when relation is not null:
                _planner.PlanEnteredScope(unit, relation);
                break;
            case JujuEventKind.RelationBroken when relation is not null:
                relation.Members.Remove(unit.Name);
                if (relation.IsDying && relation.Members.Count == 0)
                {
                    relation.IsRemoved = true;
                }

                break;
            case JujuEventKind.Remove:
                RemoveFromModel(unit);
                break;
        }
    }

    /// <summary>The unit leaves the model; leadership passes on if it held it.</summary>
    private void RemoveFromModel(SimulatedUnit unit)
    {
        unit.Life = UnitLife.Removed;
        unit.Queue.Clear();
        var app = unit.Application;
        app.RemoveUnit(unit);
        foreach (var relation in Model.RelationsOf(app.Name))
        {
            relation.Members.Remove(unit.Name);
        }

        if (ReferenceEquals(app.Leader, unit))
        {
            app.Leader = null;
            var next = app.Units.Where(u => u.Life == UnitLife.Alive).OrderBy(u => u.Number).FirstOrDefault();
            if (next is not null)
            {
                app.Leader = next;
                _planner.PlanLeaderChange(app, next);
            }
        }
    }

    private void FireDueUpdateStatus()
    {
        if (_options.UpdateStatusInterval is not { } interval)
        {
            return;
        }

        while (_nextUpdateStatus is { } due && due <= Clock.Now)
        {
            _planner.PlanUpdateStatus(Model.Units);
            _nextUpdateStatus = due + interval;
        }
    }

    private void Advance(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        Clock.Advance(duration);
        Microcluster.AdvanceTo(Clock.Now);
    }

    private (RelationEndpoint First, RelationEndpoint Second, string Interface) ResolveEndpoints(RelationEndpoint first, RelationEndpoint second)
    {
        var appA = Model.GetApplication(first.Application);
        var appB = Model.GetApplication(second.Application);
        if (appA == appB)
        {
            throw new ArgumentException($"Cannot relate {appA.Name} to itself; peer relations come from the charm's 'peers' section.", nameof(second));
        }

        var candidates = new List<(EndpointSpec A, EndpointSpec B)>();
        foreach (var a in appA.Metadata.Endpoints.Where(e => first.Endpoint.Length == 0 || e.Name == first.Endpoint))
        {
            foreach (var b in appB.Metadata.Endpoints.Where(e => second.Endpoint.Length == 0 || e.Name == second.Endpoint))
            {
                var complementary = (a.Role == EndpointRole.Requires && b.Role == EndpointRole.Provides)
                    || (a.Role == EndpointRole.Provides && b.Role == EndpointRole.Requires);
                if (complementary && a.Interface == b.Interface)
                {
                    candidates.Add((a, b));
                }
            }
        }

        if (candidates.Count == 1)
        {
            var (a, b) = candidates[0];
            return (new RelationEndpoint(appA.Name, a.Name), new RelationEndpoint(appB.Name, b.Name), a.Interface);
        }

        string Describe(SimulatedApplication app) => app.Metadata.Endpoints.Count == 0
            ? "declares no endpoints"
            : "declares " + string.Join(", ", app.Metadata.Endpoints.Select(e => $"{e.Name} ({e.Role.ToString().ToLowerInvariant()}, {e.Interface})"));
        var problem = candidates.Count == 0 ? "no matching endpoints (one side must require what the other provides, with the same interface)" : "several matching endpoints; name them as app:endpoint";
        throw new ArgumentException($"Cannot relate {first} and {second}: {problem}. {appA.Name} {Describe(appA)}; {appB.Name} {Describe(appB)}.", nameof(second));
    }

    private void EnsureProcessSupport()
    {
        if (_processRunner is not null)
        {
            return;
        }

        var tool = HookToolExecutable.Find(_options.HookToolPath) ?? throw new InvalidOperationException(
            $"Cannot run charm directories: the hook tool '{HookToolExecutable.LauncherName}' was not found "
            + (_options.HookToolPath is null ? $"next to the application ({AppContext.BaseDirectory}) or on PATH" : $"at '{_options.HookToolPath}'")
            + ". Build src/Charm.Simulator.HookTool and set SimulationOptions.HookToolPath (charm-sim: --hook-tool).");
        var isolate = _options.HostNames switch
        {
            HostNameMode.Variable => false,
            HostNameMode.Namespace => HostnameIsolation.IsAvailable(out var why) ? true
                : throw new InvalidOperationException("Charm processes cannot get their own host names: " + why + "."),
            _ => HostnameIsolation.IsAvailable(out var reason) || Warn(
                $"charm processes run under this machine's host name ({reason}); {ProcessHookRunner.HostNameVariable} holds each unit's host name, and the workload CLI uses it."),
        };
        IsolatesHostNames = isolate;
        _workspace = new ProcessWorkspace(_options.WorkDirectory, _options.KeepWorkDirectory);
        _workspace.InstallTools(tool, HookToolCommands.ToolNames);
        _workspace.InstallWorkload(tool, _workload.ProgramName);
        _server = new HookToolSocketServer(_workspace.SocketPath);
        _processRunner = new ProcessHookRunner(_workspace, _server, isolate);
    }

    private bool Warn(string warning)
    {
        _warnings.Add(warning);
        return false;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static string DeriveUuid(int seed)
    {
        var bytes = new byte[16];
        new Random(unchecked(seed * 7919 + 17)).NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>The names Juju gives applications and actions: lower-case words joined by single hyphens.</summary>
    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex JujuName();
}

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
    private string? _storageRoot;
    private bool _ownsStorageRoot;
    private HookToolSocketServer? _server;
    private ProcessHookRunner? _processRunner;
    private string? _lastUnit;
    private DateTimeOffset? _nextUpdateStatus;
    private int _actionsRun;
    private bool _disposed;
    private readonly Lock _clockGate = new();

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
        _inProcess = new InProcessHookRunner(
            _options.InProcessFallbackRunner, Clock, _options.TimePassesDuringHooks ? _options.WallClockGrace : null, WaitDuringHook);
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

    /// <summary>Queues update-status on one unit, or on every started unit.</summary>
    public void TriggerUpdateStatus(string? unit = null)
    {
        ThrowIfDisposed();
        _planner.PlanUpdateStatus(unit is null ? Model.Units : [Model.GetUnit(unit)]);
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
    /// <exception cref="ArgumentException">The unit or the action name is invalid, or the charm's actions.yaml does not
    /// declare the action or its parameters do not fit (Juju's messages).</exception>
    /// <exception cref="InvalidOperationException">The unit is not installed yet.</exception>
    public ActionResult RunAction(string unit, string action, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ThrowIfDisposed();
        var target = Model.GetUnit(unit);
        if (!JujuName().IsMatch(action ?? ""))
        {
            throw new ArgumentException($"'{action}' is not a valid action name: use lower-case letters, digits and single hyphens, starting with a letter.", nameof(action));
        }

        target.Application.Charm.Actions?.Validate(target.Name, action!, parameters ?? new Dictionary<string, object?>(StringComparer.Ordinal));
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
        if (_ownsStorageRoot && !_options.KeepWorkDirectory && Directory.Exists(_storageRoot))
        {
            Directory.Delete(_storageRoot, recursive: true);
        }
    }

    /// <summary>
    /// Where attached storage lives: <c>storage/</c> under the work directory once charms run as processes, else a
    /// temporary directory of the simulation's own (deleted with it unless the work directory is kept).
    /// </summary>
    internal string StorageRoot
    {
        get
        {
            if (_storageRoot is null)
            {
                _ownsStorageRoot = _workspace is null;
                _storageRoot = _workspace is { } workspace ? Path.Combine(workspace.Root, "storage") : Directory.CreateTempSubdirectory("charm-sim-storage-").FullName;
            }

            return _storageRoot;
        }
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

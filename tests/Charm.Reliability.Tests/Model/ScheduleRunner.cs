using System.Globalization;
using System.Text;
using Charm.Framework.Hosting;
using Charm.Framework.State;
using Charm.Reliability.Tests.Support;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Provider;

namespace Charm.Reliability.Tests.Model;

/// <summary>
/// Runs one <see cref="Schedule"/> on the in-process simulator and checks the properties after every hook:
/// <list type="bullet">
/// <item>never more than one live cluster (one with a member whose unit is alive: a cluster whose members' units have
/// all departed ends with them), and a cluster is bootstrapped after the first only when no member of any earlier cluster
/// is alive;</item>
/// <item>a hook fails only where a crash was injected (no other exception, no timeout), and a failed hook changes no
/// databag and no stored state;</item>
/// <item>no join token (nor the secret inside it) in any log line, status message, hook-tool call, CLI call record or
/// error text, nor in stored state;</item>
/// <item>every unit's stored state can be saved and read back after every crash, through the framework's
/// <see cref="FileStateStore"/> on disk, also when the save is cut short (a partial temporary file left beside the state
/// file, or a torn state file);</item>
/// <item>for a convergence run, once the faults stop and time passes the heartbeats and the token lifetime: every live
/// workload unit's host is a member of the cluster, no databag of the relation (any live unit's, either application's)
/// holds a <c>mirror-&lt;host&gt;</c> key of a departed host, the distributor's token-fingerprint record has no entry for
/// one, the bootstrap grant names a workload unit, and the model is quiescent, within a bound of hooks.</item>
/// </list>
/// Violations throw <see cref="ScheduleViolation"/> with the schedule and the last hooks.
/// </summary>
internal sealed partial class ScheduleRunner : IDisposable
{
    public const string WorkloadApp = "workload";
    public const string DistributorApp = "distributor";
    public const int MaxWorkloads = 7;
    public const int MaxDistributors = 3;

    /// <summary>How many hooks the convergence phase may run.</summary>
    public const int ConvergenceHookBound = 3000;

    /// <summary>The token lifetime of the fake cluster and of the consumer (they must match).</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan UpdateStatusInterval = TimeSpan.FromMinutes(5);

    private readonly Schedule _schedule;
    private readonly RunCounters? _counters;
    private readonly CharmWorld _world;
    private readonly Simulation _sim;
    private readonly SimulatedRelation _relation;
    private readonly HashSet<string> _unitsEverDeployed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removedHosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _goneHosts = new(StringComparer.Ordinal);
    private readonly List<string> _clustersSeen = [];
    private readonly Dictionary<string, FileStateStore> _stateFiles = new(StringComparer.Ordinal);
    private readonly Random _cuts;
    private string? _stateDirectory;
    private int _logsScanned;
    private bool _converging;
    private bool _uncommittedBootstrap;

    private ScheduleRunner(Schedule schedule, RunCounters? counters)
    {
        _schedule = schedule;
        _counters = counters;
        _cuts = new Random(schedule.Seed);
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _world = new CharmWorld(
            new TokenConsumerOptions
            {
                TokenLifetime = TokenLifetime,
                MaxTokensPerHook = schedule.Rogues is null ? new TokenConsumerOptions().MaxTokensPerHook : RogueTokensPerHook,
            },
            schedule.Rogues is { Isolate: true } ? new TokenDistributorProviderOptions { IsolateRelations = true } : null);
        _sim = new Simulation(new SimulationOptions
        {
            Seed = schedule.Seed,
            Clock = clock,
            Microcluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions
            {
                Seed = schedule.Seed,
                TokenLifetime = TokenLifetime,
                CommandName = ClusterCharms.Command,
            }),
            WorkloadCommand = ClusterCharms.Command,
            UpdateStatusInterval = UpdateStatusInterval,
            MaxHookAttempts = 1000,
        });
        _rogueUnit = schedule.Rogues?.UnitNumber is { } number ? WorkloadApp + "/" + number.ToString(CultureInfo.InvariantCulture) : null;
        _sim.Deploy(WorkloadApp, WorkloadCharm(), schedule.Workloads + (_rogueUnit is null ? 0 : 1));
        _sim.Deploy(DistributorApp, ClusterCharms.Distributor(_world), schedule.Distributors);
        _relation = _sim.Relate(WorkloadApp, DistributorApp);
        DeployRogueApplication();
        foreach (var unit in _sim.Model.Units)
        {
            Deployed(unit);
        }
    }

    public Simulation Simulation => _sim;

    /// <summary>Runs <paramref name="schedule"/>; throws <see cref="ScheduleViolation"/> when a property breaks.</summary>
    public static void Run(Schedule schedule, RunCounters? counters = null, Action<Simulation>? inspect = null)
    {
        using var runner = new ScheduleRunner(schedule, counters);
        try
        {
            runner.Execute();
        }
        finally
        {
            inspect?.Invoke(runner._sim);
        }
    }

    public void Dispose()
    {
        _sim.Dispose();
        if (_stateDirectory is not null)
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private void Execute()
    {
        Count(_schedule.Converge ? "schedules: convergence runs" : "schedules: safety runs");
        foreach (var operation in _schedule.Operations)
        {
            Apply(operation);
        }

        if (_schedule.Converge)
        {
            Converge();
        }
        else
        {
            RunHooks(_schedule.TailSteps);
        }

        if (_uncommittedBootstrap)
        {
            Count("schedules with a bootstrap that was not committed (F-2 situation)");
        }

        if (_sim.Microcluster.ListClusters().Count(c => !_rogueClusters.Contains(c.Id)) > 1)
        {
            Count("schedules whose cluster left with its last member and was formed again (F-1 situation)");
        }

        CheckStoredStates(throughFiles: _schedule.Converge);
        Count("crashes fired", _world.Crashes.Fired);
        Count("tokens seen", _world.Tokens.Secrets.Count);
    }

    private void Apply(Operation operation)
    {
        var cluster = _sim.Microcluster;
        switch (operation)
        {
            case Steps steps:
                RunHooks(steps.Count);
                break;
            case MoveLeader move:
                _sim.SetLeader(LiveUnit(move.App, move.Index).Name);
                Count("ops: leadership moves");
                break;
            case AddUnit add:
                if (Live(add.App).Count < (add.App == App.Workload ? MaxWorkloads : MaxDistributors))
                {
                    Deployed(_sim.AddUnit(Name(add.App)));
                    Count("ops: units added");
                }

                break;
            case RemoveUnit remove:
                if (Live(remove.App).Count > 1 && MayRemove(LiveUnit(remove.App, remove.Index)))
                {
                    var unit = LiveUnit(remove.App, remove.Index);
                    if (remove.App == App.Workload)
                    {
                        _removedHosts.Add(unit.HostName);
                    }

                    _sim.RemoveUnit(unit.Name);
                    Count("ops: units removed");
                }

                break;
            case CliFault fault:
                InjectCliFault(fault);
                break;
            case ExpireTokens:
                // Every outstanding token expires, and the clock moves past the consumer's token lifetime, so the
                // communicator's next hook issues fresh ones.
                Count("faults: tokens expired", cluster.ExpireAllTokens());
                Count("faults: expire-all-tokens");
                _sim.AdvanceTime(TokenLifetime + TimeSpan.FromMinutes(1));
                break;
            case AdvanceTime advance:
                _sim.AdvanceTime(TimeSpan.FromMinutes(advance.Minutes));
                Count("ops: clock advances");
                break;
            case Crash crash:
                _world.Crashes.Arm(LiveUnit(crash.App, crash.Index).Name, crash.Point);
                Count("faults: crashes armed");
                break;
            case Partition partition:
                cluster.SetReachable(LiveUnit(App.Workload, partition.Index).HostName, reachable: false);
                Count("faults: partitions");
                break;
            case UpdateStatus:
                _sim.TriggerUpdateStatus();
                Count("ops: update-status");
                break;
            default:
                throw new InvalidOperationException($"unknown operation {operation}");
        }
    }

    private void InjectCliFault(CliFault fault)
    {
        var host = LiveUnit(App.Workload, fault.Index).HostName;
        var cluster = _sim.Microcluster;
        switch (fault.Kind)
        {
            case CliFaultKind.Fail:
                cluster.InjectFailure(host, fault.Command, 1, "Error: injected failure\n");
                break;
            case CliFaultKind.FailUntilCleared:
                cluster.InjectFailure(host, fault.Command, 1, "Error: injected failure\n", FaultLifetime.UntilCleared);
                break;
            case CliFaultKind.Hang:
                cluster.InjectHang(host, fault.Command);
                break;
            case CliFaultKind.HangAfterApplying:
                cluster.InjectHang(host, fault.Command, applyCommand: true);
                break;
            case CliFaultKind.RejectToken:
                cluster.InjectFailure(host, "join", 1, "Error: 1 join attempts were unsuccessful. Last error: Join token not found: the secret is unknown or was already used\n");
                break;
        }

        Count("faults: cli " + fault.Kind.ToString().ToLowerInvariant());
    }

    /// <summary>Runs up to <paramref name="count"/> hooks, checking the properties after each; stops early when none is waiting.</summary>
    private void RunHooks(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!RunOneHook())
            {
                return;
            }
        }
    }

    private bool RunOneHook()
    {
        // Only an injected crash may fail a hook (anything else is a violation by itself), so the databags are compared
        // across a hook only while a crash is armed.
        var before = _world.Crashes.IsArmed ? SnapshotDatabags() : null;
        var states = _sim.Model.Units.ToDictionary(u => u.Name, u => u.StoredState, StringComparer.Ordinal);
        var entry = _sim.Step();
        if (entry is null)
        {
            return false;
        }

        Count("hooks run");
        if (entry.ClusterCalls.Any(c => c.Arguments is ["bootstrap", ..] && (c.TimedOut || (c.ExitCode == 0 && entry.Result != HookResult.Succeeded))))
        {
            // A bootstrap the unit may not have recorded: its hook failed after it, or the call hung (perhaps after applying).
            _uncommittedBootstrap = true;
        }

        if (entry.Result == HookResult.Succeeded)
        {
            RecordPublishedTokens(entry);
        }
        else
        {
            Count("hooks failed (injected crashes)");
            CheckFailedHook(entry, before, states);
        }

        MarkGoneMachinesUnreachable();
        NotePublished();
        CheckRogues(entry);
        CheckClusters(entry);
        CheckLeaks(entry);
        CheckStuck();
        return true;
    }

    private void CheckFailedHook(TraceEntry entry, Dictionary<string, IReadOnlyDictionary<string, string>>? before, Dictionary<string, StateSnapshot> states)
    {
        if (entry.Result == HookResult.TimedOut)
        {
            Fail("no hook hangs", $"{entry} timed out");
        }

        if (!entry.ErrorOutput.Contains(nameof(InjectedCrashException), StringComparison.Ordinal))
        {
            Fail("no unhandled exception but the injected crashes", $"{entry} failed:\n{entry.ErrorOutput}");
        }

        if (before is null)
        {
            Fail("no unhandled exception but the injected crashes", $"{entry} failed with an injected crash that was not armed");
        }

        var after = SnapshotDatabags();
        foreach (var (owner, bag) in after)
        {
            var old = before!.GetValueOrDefault(owner) ?? new Dictionary<string, string>();
            if (old.Count != bag.Count || old.Any(p => !bag.TryGetValue(p.Key, out var v) || v != p.Value))
            {
                Fail("a failed hook changes nothing", $"{entry} failed, yet the databag of {owner} changed");
            }
        }

        if (_sim.Model.FindUnit(entry.Unit) is { } unit)
        {
            if (!ReferenceEquals(unit.StoredState, states.GetValueOrDefault(unit.Name)))
            {
                Fail("a failed hook changes nothing", $"{entry} failed, yet the stored state of {unit.Name} changed");
            }

            CheckReadable(unit, throughFiles: true);
        }
    }

    /// <summary>A removed unit's machine is gone: its cluster daemon no longer answers the other members.</summary>
    private void MarkGoneMachinesUnreachable()
    {
        foreach (var host in _removedHosts)
        {
            if (_goneHosts.Contains(host) || _sim.Model.Units.Any(u => u.HostName == host))
            {
                continue;
            }

            _goneHosts.Add(host);
            _sim.Microcluster.SetReachable(host, reachable: false);
        }
    }

    private void RecordPublishedTokens(TraceEntry entry)
    {
        foreach (var change in entry.Changes)
        {
            var bag = change.IsApplication ? _relation.ApplicationData(change.Owner) : _relation.UnitData(change.Owner);
            foreach (var key in change.Keys)
            {
                _world.Tokens.Record(bag.GetValueOrDefault(key));
            }
        }
    }

    private void CheckClusters(TraceEntry entry)
    {
        var clusters = LiveClusters();
        if (clusters.Count > 1)
        {
            Fail("never more than one cluster", $"after {entry}: {string.Join("; ", clusters.Select(c => c.Id + ": " + string.Join(", ", c.Members.Select(m => m.Name))))}");
        }

        // A second bootstrap is allowed only once every member of every earlier cluster has departed. A unit's life only
        // moves on (alive, dying, gone), so a member alive after the hook was alive when this hook bootstrapped.
        var all = _sim.Microcluster.ListClusters();
        var alive = AliveHosts();
        foreach (var cluster in all)
        {
            if (_clustersSeen.Contains(cluster.Id) || IsRogueCluster(cluster))
            {
                continue;
            }

            var earlier = all.Where(c => _clustersSeen.Contains(c.Id)).ToList();
            var live = earlier.SelectMany(c => c.Members.Where(m => alive.Contains(m.Name)).Select(m => c.Id + ":" + m.Name)).ToList();
            if (live.Count > 0)
            {
                Fail("never more than one cluster", $"{entry} bootstrapped cluster {cluster.Id} while members of an earlier cluster were alive: {string.Join(", ", live)}");
            }

            if (_clustersSeen.Count > 0)
            {
                Count("second bootstraps (after every member of the earlier clusters departed)");
            }

            _clustersSeen.Add(cluster.Id);
        }
    }

    /// <summary>The hosts of the honest units that are alive (a rogue's host is in a cluster of its own, or none).</summary>
    private HashSet<string> AliveHosts() => _sim.Model.Units.Where(u => u.Life == UnitLife.Alive && IsHonest(u.Name)).Select(u => u.HostName).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The clusters with at least one member whose unit is alive. A cluster whose members' units have all departed (their
    /// machines are going or gone; nobody else can join it, the distributor no longer mirrors their data) ends with them:
    /// a new cluster formed by the units that remain is not a split brain.
    /// </summary>
    private List<ClusterSnapshot> LiveClusters()
    {
        var alive = AliveHosts();
        return [.. _sim.Microcluster.ListClusters().Where(c => c.Members.Any(m => alive.Contains(m.Name)))];
    }

    private void CheckLeaks(TraceEntry entry)
    {
        var tokens = _world.Tokens;
        Leak(tokens, "the error output of " + entry.Hook, entry.ErrorOutput);
        foreach (var call in entry.ToolCalls)
        {
            Leak(tokens, "a hook-tool call of " + entry.Hook, call.ToString());
        }

        foreach (var call in entry.ClusterCalls)
        {
            Leak(tokens, "a cluster CLI call of " + entry.Hook, call.ToString());
        }

        var logs = _sim.Logs;
        for (; _logsScanned < logs.Count; _logsScanned++)
        {
            Leak(tokens, "the log of " + logs[_logsScanned].Unit, logs[_logsScanned].Message);
        }

        foreach (var unit in _sim.Model.Units)
        {
            Leak(tokens, "the status of " + unit.Name, unit.WorkloadStatus.Message);
        }
    }

    private void Leak(TokenLedger tokens, string where, string text)
    {
        if (tokens.FindIn(text) is { } secret)
        {
            Fail("no join token in any log, status or error text", $"{where} holds a token or its secret ({secret[..Math.Min(12, secret.Length)]}…): {text[..Math.Min(text.Length, 400)]}");
        }
    }

    private void CheckStuck()
    {
        if (_sim.StuckUnits is [var stuck, ..])
        {
            Fail("no unit gives up on a hook", $"{stuck.Name} gave up on {stuck.FailingHook}");
        }
    }

    private void CheckStoredStates(bool throughFiles)
    {
        foreach (var unit in _sim.Model.Units)
        {
            CheckReadable(unit, throughFiles);
            Leak(_world.Tokens, "the stored state of " + unit.Name, Encoding.UTF8.GetString(StateCodec.Serialize(unit.StoredState)));
        }
    }

    private void CheckReadable(SimulatedUnit unit, bool throughFiles)
    {
        StateSnapshot back;
        try
        {
            back = StateCodec.Deserialize(StateCodec.Serialize(unit.StoredState));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            Fail("stored state is always readable", $"{unit.Name}: {e.GetType().Name}: {e.Message}");
            return;
        }

        if (!back.Equals(unit.StoredState))
        {
            Fail("stored state is always readable", $"{unit.Name}: its stored state does not read back as saved");
        }

        if (throughFiles)
        {
            CheckStateFile(unit);
        }
    }

    /// <summary>
    /// The unit's state through the framework's <see cref="FileStateStore"/> on disk (one file per unit, kept for the whole
    /// schedule, so each save replaces the one of the unit's previous crash point), with the save cut short the ways a
    /// crash can cut it: the state file torn part-way through the new content (were the write not atomic), and a partial
    /// copy of a later state left beside it (a crash before the rename). Loading gives the old or the new state or a
    /// <see cref="StateFileException"/>, a save over the wreckage works, and a stray partial file never changes what loads.
    /// Only the store's public API is used, so a store that keeps more (a last-good copy) is judged the same way.
    /// </summary>
    private void CheckStateFile(SimulatedUnit unit)
    {
        Count("state files: saves through FileStateStore");
        _stateDirectory ??= Directory.CreateTempSubdirectory("reliability-state-").FullName;
        if (!_stateFiles.TryGetValue(unit.Name, out var store))
        {
            var directory = Directory.CreateDirectory(Path.Combine(_stateDirectory, unit.Name.Replace('/', '-'))).FullName;
            store = new FileStateStore(Path.Combine(directory, FileStateStore.DefaultFileName));
            _stateFiles[unit.Name] = store;
        }

        var current = unit.StoredState;
        var bytes = StateCodec.Serialize(current);
        try
        {
            var previous = File.Exists(store.Path) ? store.Load() : null;
            if (previous is not null)
            {
                // The save of this state torn part-way: the previous state, this one, or a reported corrupt file.
                File.WriteAllBytes(store.Path, bytes.AsSpan(0, _cuts.Next(bytes.Length + 1)).ToArray());
                try
                {
                    var torn = store.Load();
                    if (!torn.Equals(previous) && !torn.Equals(current))
                    {
                        Fail("stored state is always readable", $"{unit.Name}: a torn state file loaded as neither the previous nor the new state");
                    }
                }
                catch (StateFileException)
                {
                    Count("state files: torn files reported corrupt");
                }
            }

            store.Save(current);
            if (!store.Load().Equals(current))
            {
                Fail("stored state is always readable", $"{unit.Name}: {store.Path} does not load as the state just saved");
            }

            // A crash in the middle of the next save, before its rename: a partial copy of a later state beside the file.
            var later = StateCodec.Serialize(current with { Deferred = current.Deferred.Add(new DeferredNotice("crashed-save", "cluster:0", null)) });
            var cut = later.AsSpan(0, _cuts.Next(later.Length + 1)).ToArray();
            var name = Path.GetFileName(store.Path);
            var directoryName = Path.GetDirectoryName(store.Path)!;
            File.WriteAllBytes(Path.Combine(directoryName, $".{name}.{Environment.ProcessId}.tmp"), cut);
            File.WriteAllBytes(Path.Combine(directoryName, $"{name}.tmp"), cut);
            if (!store.Load().Equals(current))
            {
                Fail("stored state is always readable", $"{unit.Name}: a partial file left beside {store.Path} by a crashed save changed what loads");
            }
        }
        catch (StateFileException e)
        {
            Fail("stored state is always readable", $"{unit.Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Stops the faults, moves time past the heartbeats and the token lifetime, queues update-status everywhere, then
    /// runs hooks (idle time jumps to the next periodic update-status) until the cluster has converged and nothing is
    /// waiting, within <see cref="ConvergenceHookBound"/> hooks.
    /// </summary>
    private void Converge()
    {
        _converging = true;
        _world.Crashes.Clear();
        _sim.Microcluster.ClearFaults();
        foreach (var unit in _sim.Model.Units)
        {
            _sim.Microcluster.SetReachable(unit.HostName, reachable: true);
        }

        _sim.AdvanceTime(TokenLifetime + TimeSpan.FromMinutes(1));
        _sim.TriggerUpdateStatus();
        var hooks = 0;
        while (true)
        {
            if (RogueConvergenceExempt())
            {
                return;
            }

            if (!_sim.HasPendingHooks && Converged(out _))
            {
                Count("hooks run to converge", hooks);
                Count("schedules converged");
                CountRogueConvergence();
                return;
            }

            if (hooks >= ConvergenceHookBound)
            {
                Converged(out var why);
                Fail("the cluster converges once the faults stop", $"not converged after {hooks} hooks: {why}");
            }

            if (RunOneHook())
            {
                hooks++;
            }
            else
            {
                // Nothing waits (a deferred event waits for the next hook): idle until the next periodic update-status.
                _sim.AdvanceTime(UpdateStatusInterval);
            }
        }
    }

    private bool Converged(out string why)
    {
        var clusters = LiveClusters();
        var members = clusters.SelectMany(c => c.Members).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var outside = Live(App.Workload).Where(u => !members.Contains(u.HostName)).Select(u => u.HostName).ToList();
        if (clusters.Count == 0 && BootstrapHeldBackByARogueClaim())
        {
            why = "";
            return true;
        }

        if (clusters.Count == 1 && outside.Count > 0 && WaitingOnARogueTie(clusters[0], outside))
        {
            outside.Clear();
        }

        if (clusters.Count != 1 || outside.Count > 0)
        {
            why = clusters.Count == 0 ? "no cluster" : $"live hosts outside the cluster: {string.Join(", ", outside)}";
            return false;
        }

        var leader = _sim.Model.GetApplication(DistributorApp).Leader;
        if (leader is null)
        {
            why = "the distributor has no leader";
            return false;
        }

        // No key of a departed host anywhere once things settled: not in any live unit's databag (mirrors, communicators),
        // not in either application databag, not in the distributor's token-fingerprint record.
        var departed = _removedHosts.Where(h => !_sim.Model.Units.Any(u => u.HostName == h) && !PlantedByARogue(h)).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var (owner, bag) in SettledDatabags())
        {
            stale.AddRange(bag.Keys.Where(k => WireKeys.TryGetMirroredName(k, out var host) && departed.Contains(host)).Select(k => owner + " " + k));
        }

        var distributorData = _relation.ApplicationData(DistributorApp);
        if (distributorData.GetValueOrDefault(WireKeys.TokenFingerprintsKey) is { } record)
        {
            using var json = System.Text.Json.JsonDocument.Parse(record);
            stale.AddRange(json.RootElement.EnumerateObject().Where(p => departed.Contains(p.Name)).Select(p => $"{WireKeys.TokenFingerprintsKey} entry {p.Name}"));
        }

        if (stale.Count > 0)
        {
            why = $"keys of departed hosts remain: {string.Join(", ", stale)}{RogueNote(departed)}";
            return false;
        }

        // The grant stays with a holder that departed while a member remains (by design: nobody needs to bootstrap), so it
        // may name a departed unit; it must name a unit of the workload application.
        if (distributorData.GetValueOrDefault(WireKeys.BootstrapUnitKey) is not { } grantee || !_unitsEverDeployed.Contains(grantee) || !grantee.StartsWith(WorkloadApp + "/", StringComparison.Ordinal) || !IsHonest(grantee))
        {
            why = $"{WireKeys.BootstrapUnitKey} is '{distributorData.GetValueOrDefault(WireKeys.BootstrapUnitKey)}', not a workload unit";
            return false;
        }

        why = "";
        return true;
    }

    /// <summary>The databags of the live units and of both applications.</summary>
    private IEnumerable<(string Owner, IReadOnlyDictionary<string, string> Bag)> SettledDatabags()
    {
        foreach (var unit in _sim.Model.Units.Where(u => u.Life == UnitLife.Alive && IsHonest(u.Name)))
        {
            yield return (unit.Name, _relation.UnitData(unit.Name));
        }

        yield return ("app " + WorkloadApp, _relation.ApplicationData(WorkloadApp));
        yield return ("app " + DistributorApp, _relation.ApplicationData(DistributorApp));
    }

    private Dictionary<string, IReadOnlyDictionary<string, string>> SnapshotDatabags()
    {
        var bags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var unit in _unitsEverDeployed)
        {
            bags[unit] = _relation.UnitData(unit);
        }

        bags["app " + WorkloadApp] = _relation.ApplicationData(WorkloadApp);
        bags["app " + DistributorApp] = _relation.ApplicationData(DistributorApp);
        return bags;
    }

    private static string Name(App app) => app == App.Workload ? WorkloadApp : DistributorApp;

    /// <summary>The application's live honest units (the operations never pick a rogue).</summary>
    private List<SimulatedUnit> Live(App app) => [.. _sim.Model.GetApplication(Name(app)).Units.Where(u => u.Life == UnitLife.Alive && IsHonest(u.Name))];

    private SimulatedUnit LiveUnit(App app, int index)
    {
        var live = Live(app);
        return live[index % live.Count];
    }

    private void Count(string what, long amount = 1) => _counters?.Add(what, amount);

    private void Fail(string property, string detail)
    {
        var text = new StringBuilder()
            .Append("Property violated: ").Append(property).Append('\n')
            .Append(detail).Append("\n\nSchedule: ").Append(_schedule.Render())
            .Append(_converging ? "\n\n(in the convergence phase, faults stopped)" : "")
            .Append("\n\nLast hooks:\n");
        foreach (var entry in _sim.Trace.TakeLast(30))
        {
            text.Append("  ").Append(entry).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Clusters: {string.Join("; ", _sim.Microcluster.ListClusters().Select(c => c.Id + " [" + string.Join(", ", c.Members.Select(m => m.Name + "/" + m.Role + "/" + m.Status)) + "]"))}\n");
        text.Append("Units: ").Append(string.Join("; ", _sim.Model.Units.Select(u => $"{u.Name} {u.Life} leader={u.IsLeader} status={u.Status}")));
        text.Append("\nDistributor application data: ").Append(string.Join(", ", _relation.ApplicationData(DistributorApp).Select(p => p.Key + "=" + p.Value[..Math.Min(p.Value.Length, 600)])));
        throw new ScheduleViolation(text.ToString());
    }
}

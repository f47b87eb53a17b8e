using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;

namespace Charm.Simulator.Scheduler;

// Hook execution: running the hook at a unit's head in-process or as a process, and applying what it changed.
public sealed partial class Simulation
{
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
            if (unit.FailingHook is not null)
            {
                unit.FailingHook = null;
                unit.StatusSince = Clock.Now;
            }

            AfterSuccess(unit, hook, relation);
            _planner.PlanDataChanges(unit, entry.Changes);
        }
        else
        {
            pending.FailedAttempts++;
            if (unit.FailingHook != hook.HookName)
            {
                unit.StatusSince = Clock.Now;
            }

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
        var isProcess = unit.Application.Charm.Kind == CharmSourceKind.Directory;
        var wall = Stopwatch.StartNew();
        var context = new HookContext(contextId, Model, unit, hook, Clock, _workload, action)
        {
            // A process hook takes real time, and a real cluster moves on meanwhile: each workload CLI call first brings
            // the simulated clock (and the fake cluster's heartbeats) on by the whole seconds the hook has taken beyond
            // WallClockGrace; so does its end. The clock then moves on to at least the hook's start plus HookDuration.
            CatchUpClock = isProcess && _options.TimePassesDuringHooks ? () => CatchUp(started, wall.Elapsed) : null,
        };
        var charmDirectory = unit.CharmDirectory ?? $"/var/lib/juju/agents/unit-{unit.Application.Name}-{unit.Number}/charm";
        var environment = HookEnvironment.Build(Model, unit, hook, charmDirectory, contextId, action?.Id);
        var runner = isProcess ? (IHookRunner)_processRunner! : _inProcess;
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
        context.CatchUpClock?.Invoke();
        Advance(started + _options.HookDuration - Clock.Now);
        return (entry, succeeded);
    }

    /// <summary>
    /// How much of a hook's time moves the simulated clock: the whole seconds beyond <paramref name="grace"/>. A process
    /// hook's wall-clock time and an in-process hook's waits (<see cref="Backends.InProcessHookClock"/>) count alike.
    /// </summary>
    internal static TimeSpan CountedHookTime(TimeSpan elapsed, TimeSpan grace)
        => elapsed <= grace ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Floor((elapsed - grace).TotalSeconds));

    // Called from the hook-tool server's thread while the scheduler waits for the hook's process.
    private void CatchUp(DateTimeOffset started, TimeSpan elapsed)
    {
        lock (_clockGate)
        {
            // The first WallClockGrace of a hook's wall-clock time is not counted, so hooks that take less move
            // nothing and a run replays alike on a loaded machine; beyond it, time moves in whole seconds.
            Advance(started + CountedHookTime(elapsed, _options.WallClockGrace) - Clock.Now);
        }
    }

    // Called from an in-process hook's thread while the scheduler waits for it: the hook waited on its clock beyond the
    // grace (InProcessHookClock), so the simulated clock and the fake cluster's heartbeats move on by that much.
    private void WaitDuringHook(TimeSpan duration)
    {
        lock (_clockGate)
        {
            Advance(duration);
        }
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
            {
                var before = relation.Status;
                _planner.PlanEnteredScope(unit, relation);
                if (relation.Status != before)
                {
                    relation.StatusSince = Clock.Now;
                }

                break;
            }

            case JujuEventKind.RelationBroken when relation is not null:
                relation.Members.Remove(unit.Name);
                if (relation.IsDying && relation.Members.Count == 0)
                {
                    relation.IsRemoved = true;
                }

                break;
            case JujuEventKind.StorageDetaching:
                unit.Storage = [.. unit.Storage.Where(s => s.Id != hook.Storage)];
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
}

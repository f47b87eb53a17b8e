using System.Globalization;
using System.Text.RegularExpressions;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;

namespace Charm.Simulator.Scheduler;

// Scheduling: which unit runs next, the clock, and the run loops.
public sealed partial class Simulation
{
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
}

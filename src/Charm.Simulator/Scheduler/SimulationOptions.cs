using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;

namespace Charm.Simulator.Scheduler;

/// <summary>Settings of a <see cref="Simulation"/>; the defaults are Juju's where Juju has one.</summary>
public sealed class SimulationOptions
{
    /// <summary>Seeds every random choice (the scheduler's unit picks, the fake cluster's secrets): a run replays from its seed.</summary>
    public int Seed { get; init; }

    /// <summary>How the next unit is picked. Default <see cref="SchedulingPolicy.Random"/>.</summary>
    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.Random;

    /// <summary>The model name. Default <c>sim</c>.</summary>
    public string ModelName { get; init; } = "sim";

    /// <summary>The model UUID; default derived from <see cref="Seed"/>.</summary>
    public string? ModelUuid { get; init; }

    /// <summary>The workload CLI command prefix routed to the fake cluster, e.g. <c>microctl</c> or <c>microovn cluster</c>.</summary>
    public string WorkloadCommand { get; init; } = "microctl";

    /// <summary>The simulation clock; default a <see cref="ManualClock"/> at <see cref="StartTime"/>.</summary>
    public ManualClock? Clock { get; init; }

    /// <summary>Where time starts when the simulator makes the clock.</summary>
    public DateTimeOffset StartTime { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The fake cluster; default one on <see cref="Clock"/>, seeded with <see cref="Seed"/>. A given one must use the same clock.</summary>
    public FakeMicrocluster? Microcluster { get; init; }

    /// <summary>How far the simulated clock moves per hook run (at least). Default 1 second.</summary>
    public TimeSpan HookDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether time passes while a process hook runs, as it does on a real model: every workload CLI call the hook makes,
    /// and the hook's end, first move the simulated clock (and the fake cluster's heartbeats, so a <c>PENDING</c> member
    /// gets its role) to the hook's start plus the whole seconds of wall-clock time it has taken beyond
    /// <see cref="WallClockGrace"/>. Then the clock moves on to at least the start plus <see cref="HookDuration"/>.
    /// An in-process hook takes no wall-clock time; its waits on its clock (<c>CharmContext.Time</c>) count instead, by the
    /// same rule. Default on.
    /// </summary>
    public bool TimePassesDuringHooks { get; init; } = true;

    /// <summary>
    /// How much of a process hook's wall-clock time does not move the simulated clock (<see cref="TimePassesDuringHooks"/>):
    /// hooks that finish within it leave the run exactly as if time stood still, so a seed replays alike on a loaded
    /// machine, while a hook that waits for the cluster sees it move on after this much. Default 5 seconds.
    /// </summary>
    public TimeSpan WallClockGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every started unit gets <c>update-status</c>; <see langword="null"/> turns it off. Default 5 minutes (Juju's).</summary>
    public TimeSpan? UpdateStatusInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wall-clock limit of one hook; a hook that outlives it is killed and failed. Default 2 minutes.</summary>
    public TimeSpan HookTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many times a failing hook runs before its unit gives up (and runs nothing more). Default <see langword="null"/>:
    /// retried for ever with backoff, as Juju does; a run with a hook that never succeeds then ends at its step or
    /// simulated-time bound (<see cref="StopReason.StepLimit"/>, <see cref="StopReason.TimeLimit"/>) and
    /// <see cref="SimulationRunResult.FailingHooks"/> names the hook. Set a cap to have such a unit give up instead
    /// (<see cref="Simulation.StuckUnits"/>).
    /// </summary>
    public int? MaxHookAttempts { get; init; }

    /// <summary>The simulated wait before the first retry of a failed hook; it doubles per failure. Default 5 seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries. Default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The multi-call hook tool for charms run as processes: the <c>charm-sim-tool</c> launcher, its <c>.dll</c>, or the
    /// directory holding them. Default: next to the application, in its <c>hooktool</c> subdirectory, or on <c>PATH</c>.
    /// </summary>
    public string? HookToolPath { get; init; }

    /// <summary>Where charm processes' files go (tools, socket, per-unit charm copies); default a new temporary directory.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep <see cref="WorkDirectory"/> (or the temporary one) after <see cref="Simulation.Dispose"/>, to inspect the units' files.</summary>
    public bool KeepWorkDirectory { get; init; }

    /// <summary>How charm processes get their unit's host name. Default <see cref="HostNameMode.Auto"/>.</summary>
    public HostNameMode HostNames { get; init; } = HostNameMode.Auto;

    /// <summary>Names a new unit's machine; default <c>&lt;app&gt;-&lt;number&gt;</c> (a valid cluster member name).</summary>
    public Func<SimulatedApplication, int, string>? HostNameOf { get; init; }

    /// <summary>Runs the commands an in-process charm starts other than the workload CLI; default: none can be started.</summary>
    public IProcessRunner? InProcessFallbackRunner { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelName, nameof(ModelName));
        ArgumentException.ThrowIfNullOrWhiteSpace(WorkloadCommand, nameof(WorkloadCommand));
        ArgumentOutOfRangeException.ThrowIfLessThan(HookDuration, TimeSpan.Zero, nameof(HookDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(WallClockGrace, TimeSpan.Zero, nameof(WallClockGrace));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HookTimeout, TimeSpan.Zero, nameof(HookTimeout));
        if (MaxHookAttempts is { } attempts)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1, nameof(MaxHookAttempts));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        if (UpdateStatusInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(UpdateStatusInterval));
        }

        if (Microcluster is not null && Clock is null)
        {
            throw new ArgumentException("A given Microcluster must come with the Clock it reads, so the simulator can move time for both.", nameof(Clock));
        }
    }
}

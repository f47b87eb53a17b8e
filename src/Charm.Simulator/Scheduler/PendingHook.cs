namespace Charm.Simulator.Scheduler;

/// <summary>A hook in a unit's queue, with its retry bookkeeping.</summary>
internal sealed class PendingHook(HookInvocation invocation, long sequence)
{
    public HookInvocation Invocation { get; } = invocation;

    /// <summary>The order in which hooks were queued, model-wide (for stable tie-breaks).</summary>
    public long Sequence { get; } = sequence;

    /// <summary>How many times it ran and failed.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>It may not run before this simulated time (its retry backoff).</summary>
    public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;
}

namespace Charm.Simulator.Scheduler;

/// <summary>How one hook run ended.</summary>
public enum HookResult
{
    /// <summary>It exited 0: its databag and state changes were applied.</summary>
    Succeeded,

    /// <summary>It exited non-zero (or threw): its changes were discarded and it will be retried.</summary>
    Failed,

    /// <summary>It outlived the hook timeout and was killed (with its process tree): treated as a failure.</summary>
    TimedOut,
}

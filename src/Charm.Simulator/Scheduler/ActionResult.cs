namespace Charm.Simulator.Scheduler;

/// <summary>How an action ended, as <c>juju show-operation</c> reports it.</summary>
public enum ActionStatus
{
    /// <summary>The charm exited 0 without calling <c>action-fail</c>.</summary>
    Completed,

    /// <summary>The charm called <c>action-fail</c>, exited non-zero or timed out.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="Simulation.RunAction"/>.</summary>
/// <param name="Id">The action's id (<c>JUJU_ACTION_UUID</c>).</param>
/// <param name="Status">Completed or failed.</param>
/// <param name="Message">The <c>action-fail</c> message, or <c>exit status N</c> when the charm failed without one.</param>
/// <param name="Results">What the charm set with <c>action-set</c>, nested at the dots in its keys.</param>
/// <param name="Log">The <c>action-log</c> messages, in order.</param>
/// <param name="Entry">The run in <see cref="Simulation.Trace"/> (its tool calls, changes and error output).</param>
public sealed record ActionResult(
    string Id,
    ActionStatus Status,
    string Message,
    IReadOnlyDictionary<string, object?> Results,
    IReadOnlyList<string> Log,
    TraceEntry Entry);

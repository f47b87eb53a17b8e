using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Testing;

/// <summary>What one <see cref="Context.Run"/> produced: the output state and everything that happened on the way.</summary>
public sealed record RunResult
{
    /// <summary>The state the unit is left in. A failed hook leaves everything but the status as it was.</summary>
    public required State Output { get; init; }

    /// <summary>How the hook ended.</summary>
    public required HookOutcome Outcome { get; init; }

    /// <summary>Every hook-tool call, in order.</summary>
    public required IReadOnlyList<BackendCall> BackendCalls { get; init; }

    /// <summary>Every <c>juju-log</c> line.</summary>
    public required IReadOnlyList<LogEntry> Logs { get; init; }

    /// <summary>Every unit status set, in order.</summary>
    public required IReadOnlyList<Status> UnitStatusHistory { get; init; }

    /// <summary>Every application status set, in order.</summary>
    public required IReadOnlyList<Status> AppStatusHistory { get; init; }

    /// <summary>Every workload command run through the context's process runner.</summary>
    public required IReadOnlyList<ProcessSpec> ProcessCalls { get; init; }

    /// <summary>What the dispatcher wrote to standard error.</summary>
    public required string StandardError { get; init; }

    /// <summary>
    /// How long the hook waited on its clock in all (timers, <c>Task.Delay</c> on <see cref="Charm.Framework.Dispatch.CharmContext.Time"/>),
    /// with the context's default clock, on which waits return at once; <see langword="null"/> when the test gave the
    /// context its own <see cref="Context.Time"/>.
    /// </summary>
    public TimeSpan? TimeWaited { get; init; }

    /// <summary>For an action (<see cref="Context.RunAction"/>): its results, failure and progress lines; otherwise <see langword="null"/>.</summary>
    public ActionOutcome? Action { get; init; }

    /// <summary>Whether the hook succeeded.</summary>
    public bool Succeeded => Outcome.Succeeded;

    /// <summary>The error that failed the hook.</summary>
    public Exception? Error => Outcome.Error;

    /// <summary>The names of every event delivered, in order (Juju events, re-emitted deferred events, library events).</summary>
    public IReadOnlyList<string> EmittedEvents => Outcome.Events.Select(e => e.Name).ToArray();

    /// <summary>The <c>relation-set</c> calls, in order.</summary>
    public IReadOnlyList<BackendCall> RelationSets => BackendCalls.Where(c => c.Tool == "relation-set").ToArray();

    /// <summary>Throws <see cref="UncaughtCharmException"/> when the hook failed; returns this result otherwise.</summary>
    public RunResult EnsureSuccess()
        => Succeeded ? this : throw new UncaughtCharmException($"The hook failed: {Error?.GetType().Name}: {Error?.Message}{Environment.NewLine}{StandardError}", Error);
}

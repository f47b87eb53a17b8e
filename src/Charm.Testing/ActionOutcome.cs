namespace Charm.Testing;

/// <summary>What an action run by <see cref="Context.RunAction"/> reported to its user.</summary>
public sealed record ActionOutcome
{
    /// <summary>The results (<c>action-set</c>), by dotted key as Juju stores them (<c>members.count</c>).</summary>
    public required IReadOnlyDictionary<string, string> Results { get; init; }

    /// <summary>
    /// The failure message when the action failed: the one given to <c>action-fail</c> (Juju's default when none was), or,
    /// when the hook itself failed, the error that failed it. <see langword="null"/> when the action succeeded.
    /// </summary>
    public string? Failure { get; init; }

    /// <summary>The progress lines (<c>action-log</c>), in order.</summary>
    public required IReadOnlyList<string> Logs { get; init; }

    /// <summary>Whether the action succeeded: the hook succeeded and nothing called <c>action-fail</c>.</summary>
    public bool Succeeded => Failure is null;
}

using Charm.Framework.Dispatch;

namespace Charm.Framework.Hosting;

/// <summary>How a hook ended.</summary>
/// <param name="ExitCode">The process exit code Juju sees: see <see cref="Dispatcher"/>.</param>
/// <param name="Error">The error that failed the hook, if any.</param>
/// <param name="Events">The events delivered, in order (empty when the hook failed before dispatch).</param>
public sealed record HookOutcome(int ExitCode, Exception? Error, IReadOnlyList<EventRecord> Events)
{
    /// <summary>The hook succeeded: its databag changes and state were committed.</summary>
    public bool Succeeded => ExitCode == Dispatcher.ExitSuccess;
}

using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>A line the charm logged with <c>juju-log</c>.</summary>
/// <param name="Level">The level.</param>
/// <param name="Message">The message.</param>
public sealed record LogEntry(LogLevel Level, string Message);

using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>One <c>juju-log</c> line a unit wrote.</summary>
/// <param name="Time">The simulated time.</param>
/// <param name="Unit">The unit, <c>app/3</c>.</param>
/// <param name="Hook">The hook it ran in.</param>
/// <param name="Level">The level.</param>
/// <param name="Message">The message.</param>
public sealed record LogRecord(DateTimeOffset Time, string Unit, string Hook, LogLevel Level, string Message);

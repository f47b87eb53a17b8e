using Charm.Framework.Events;

namespace Charm.Framework.Hosting;

/// <summary>One event the framework delivered during a hook, for tests and diagnostics.</summary>
/// <param name="Event">The event.</param>
/// <param name="Reemitted">It was a deferred event re-emitted at the start of the hook.</param>
/// <param name="Deferred">A handler deferred it (again).</param>
public sealed record EventRecord(EventBase Event, bool Reemitted, bool Deferred)
{
    /// <summary>The event's name.</summary>
    public string Name => Event.Name;
}

using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>stop</c> hook.</summary>
public sealed class StopEvent : HookEvent
{
    internal StopEvent(JujuModel model)
        : base(EventKey.Stop, model)
    {
    }
}

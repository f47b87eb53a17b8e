using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>start</c> hook.</summary>
public sealed class StartEvent : HookEvent
{
    internal StartEvent(JujuModel model)
        : base(EventKey.Start, model)
    {
    }
}

using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>remove</c> hook.</summary>
public sealed class RemoveEvent : HookEvent
{
    internal RemoveEvent(JujuModel model)
        : base(EventKey.Remove, model)
    {
    }
}

using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>leader-elected</c> hook.</summary>
public sealed class LeaderElectedEvent : HookEvent
{
    internal LeaderElectedEvent(JujuModel model)
        : base(EventKey.LeaderElected, model)
    {
    }
}

using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>upgrade-charm</c> hook.</summary>
public sealed class UpgradeCharmEvent : HookEvent
{
    internal UpgradeCharmEvent(JujuModel model)
        : base(EventKey.UpgradeCharm, model)
    {
    }
}

using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>leader-settings-changed</c> hook.</summary>
public sealed class LeaderSettingsChangedEvent : HookEvent
{
    internal LeaderSettingsChangedEvent(JujuModel model)
        : base(EventKey.LeaderSettingsChanged, model)
    {
    }
}

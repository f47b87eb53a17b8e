using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>config-changed</c> hook.</summary>
public sealed class ConfigChangedEvent : HookEvent
{
    internal ConfigChangedEvent(JujuModel model)
        : base(EventKey.ConfigChanged, model)
    {
    }
}

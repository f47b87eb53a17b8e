using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>install</c> hook.</summary>
public sealed class InstallEvent : HookEvent
{
    internal InstallEvent(JujuModel model)
        : base(EventKey.Install, model)
    {
    }
}

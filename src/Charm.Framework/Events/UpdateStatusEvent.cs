using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>The <c>update-status</c> hook.</summary>
public sealed class UpdateStatusEvent : HookEvent
{
    internal UpdateStatusEvent(JujuModel model)
        : base(EventKey.UpdateStatus, model)
    {
    }
}

using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;

namespace Charm.Simulator.Tests.Support;

/// <summary>
/// An in-process test charm: it observes every lifecycle event and every relation event of its metadata's endpoints,
/// and hands each to the test's <see cref="Handler"/> (which may write databags, set status, throw, …).
/// </summary>
internal sealed class ScriptedCharm : CharmBase
{
    public ScriptedCharm(CharmContext context, Action<ScriptedCharm, HookEvent>? handler)
        : base(context)
    {
        Handler = handler;
        EventKey[] lifecycle =
        [
            EventKey.Install, EventKey.Start, EventKey.Stop, EventKey.Remove, EventKey.ConfigChanged, EventKey.UpdateStatus,
            EventKey.LeaderElected, EventKey.LeaderSettingsChanged,
        ];
        foreach (var key in lifecycle)
        {
            Framework.Observe<HookEvent>(key, "scripted." + key.HookName, Handle);
        }

        foreach (var endpoint in Model.Metadata.Endpoints)
        {
            foreach (var key in new[]
            {
                EventKey.RelationCreated(endpoint.Name), EventKey.RelationJoined(endpoint.Name), EventKey.RelationChanged(endpoint.Name),
                EventKey.RelationDeparted(endpoint.Name), EventKey.RelationBroken(endpoint.Name),
            })
            {
                Framework.Observe<HookEvent>(key, "scripted." + key.HookName, Handle);
            }
        }
    }

    public Action<ScriptedCharm, HookEvent>? Handler { get; }

    public new CharmContext Context => base.Context;

    public static Func<CharmContext, CharmBase> Factory(Action<ScriptedCharm, HookEvent>? handler = null)
        => ctx => new ScriptedCharm(ctx, handler);

    private void Handle(HookEvent e) => Handler?.Invoke(this, e);
}

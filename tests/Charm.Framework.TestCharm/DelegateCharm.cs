using Charm.Framework;
using Charm.Framework.Dispatch;

namespace Charm.Framework.Tests;

/// <summary>A charm whose constructor body is supplied by the test.</summary>
internal sealed class DelegateCharm : CharmBase
{
    public DelegateCharm(CharmContext context, Action<DelegateCharm> setup)
        : base(context) => setup(this);

    public static Func<CharmContext, CharmBase> With(Action<DelegateCharm> setup) => ctx => new DelegateCharm(ctx, setup);
}

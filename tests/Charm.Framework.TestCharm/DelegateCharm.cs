using Charm.Framework.Dispatch;

namespace Charm.Framework.TestCharm;

/// <summary>
/// The framework tests' one test charm: its constructor body is a script the test supplies. In process, a test passes
/// the script (<see cref="With"/>) to Charm.Testing's <c>Context</c> or to <see cref="Dispatcher"/>; as a real process
/// (this project's executable), <see cref="ProcessScript"/> is the script.
/// </summary>
public sealed class DelegateCharm : CharmBase
{
    /// <summary>Builds the charm and runs <paramref name="setup"/> on it (where a charm's constructor observes its events).</summary>
    public DelegateCharm(CharmContext context, Action<DelegateCharm> setup)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup(this);
    }

    /// <summary>A factory for <see cref="Dispatcher.Run"/> or a Charm.Testing <c>Context</c> that builds the charm with <paramref name="setup"/>.</summary>
    public static Func<CharmContext, CharmBase> With(Action<DelegateCharm> setup) => ctx => new DelegateCharm(ctx, setup);
}

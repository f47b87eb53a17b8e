using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.TokenDistributor.Events;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The handlers of <see cref="TokenConsumer"/>'s public events, and raising them: each event is recorded by the
/// framework (so tests and the simulator see it) and then handed to the handlers.
/// </summary>
internal sealed class ConsumerEvents(CharmFramework framework)
{
    public Action<ClusterPreBootstrapEvent>? PreBootstrap;

    public Action<ClusterBootstrappedEvent>? Bootstrapped;

    public Action<ClusterPreJoinEvent>? PreJoin;

    public Action<ClusterJoinedEvent>? Joined;

    public Action<TokenGeneratedEvent>? TokenGenerated;

    public void RaisePreBootstrap(Relation relation) => framework.Emit(new ClusterPreBootstrapEvent(relation), PreBootstrap);

    /// <summary>Bootstrapped, then Joined (as the bootstrapper).</summary>
    public void RaiseBootstrapped(Relation relation)
    {
        framework.Emit(new ClusterBootstrappedEvent(relation), Bootstrapped);
        framework.Emit(new ClusterJoinedEvent(relation, bootstrapper: true), Joined);
    }

    public void RaisePreJoin(Relation relation) => framework.Emit(new ClusterPreJoinEvent(relation), PreJoin);

    public void RaiseJoined(Relation relation) => framework.Emit(new ClusterJoinedEvent(relation, bootstrapper: false), Joined);

    public void RaiseTokenGenerated(Relation relation, string hostName) => framework.Emit(new TokenGeneratedEvent(relation, hostName), TokenGenerated);
}

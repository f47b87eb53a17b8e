using Charm.Framework.Model;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// Raising <see cref="TokenConsumer"/>'s public events from the role steps: each event is recorded by the framework (so
/// tests and the simulator see it) and then handed to the charm's handlers.
/// </summary>
internal interface IConsumerEvents
{
    void RaisePreBootstrap(Relation relation);

    /// <summary>Bootstrapped, then Joined (as the bootstrapper).</summary>
    void RaiseBootstrapped(Relation relation);

    void RaisePreJoin(Relation relation);

    void RaiseJoined(Relation relation);

    void RaiseTokenGenerated(Relation relation, string hostName);
}

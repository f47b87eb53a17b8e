namespace Charm.TokenDistributor.Generators.Common;

/// <summary>
/// The partial-method hooks the generator declares for each consumer relation, in the order it declares them. The
/// first five are the library's events; the last two supply extra CLI arguments.
/// </summary>
internal enum ConsumerHook
{
    /// <summary><c>On{R}PreBootstrap(ClusterPreBootstrapEvent)</c>.</summary>
    PreBootstrap,

    /// <summary><c>On{R}Bootstrapped(ClusterBootstrappedEvent)</c>.</summary>
    Bootstrapped,

    /// <summary><c>On{R}PreJoin(ClusterPreJoinEvent)</c>.</summary>
    PreJoin,

    /// <summary><c>On{R}Joined(ClusterJoinedEvent)</c>.</summary>
    Joined,

    /// <summary><c>On{R}TokenGenerated(TokenGeneratedEvent)</c>.</summary>
    TokenGenerated,

    /// <summary><c>On{R}BootstrapArguments(List&lt;string&gt;)</c>.</summary>
    BootstrapArguments,

    /// <summary><c>On{R}JoinArguments(List&lt;string&gt;)</c>.</summary>
    JoinArguments,
}

using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Events;
using Charm.TokenDistributor.Provider;

namespace Charm.TokenDistributor.Tests.Support;

/// <summary>How a <see cref="TestCharm"/> is built: which side(s) of the protocol it runs and how.</summary>
internal sealed record TestCharmSetup
{
    /// <summary>The consumer's <c>requires</c> endpoint; <see langword="null"/> for no consumer.</summary>
    public string? ConsumerEndpoint { get; init; }

    /// <summary>The provider's <c>provides</c> endpoint; <see langword="null"/> for no provider.</summary>
    public string? ProviderEndpoint { get; init; }

    public ClusterCommand Command { get; init; } = new("microctl");

    public TokenConsumerOptions? Options { get; init; }

    /// <summary>The provider's options; <see langword="null"/> for the defaults.</summary>
    public TokenDistributorProviderOptions? ProviderOptions { get; init; }

    public IReadOnlyList<string>? BootstrapArguments { get; init; }

    public IReadOnlyList<string>? JoinArguments { get; init; }

    /// <summary>Receives every library event the consumer raises, through its public C# events.</summary>
    public LibraryEventRecorder Recorder { get; init; } = new();

    /// <summary>Runs at the end of the charm's constructor (e.g. to call the consumer's public API).</summary>
    public Action<TestCharm>? Constructed { get; init; }
}

/// <summary>The library events a charm received, in order.</summary>
internal sealed class LibraryEventRecorder
{
    private readonly List<ClusterEvent> _events = [];

    public IReadOnlyList<ClusterEvent> Events => _events;

    /// <summary>Short names: <c>prebootstrap</c>, <c>bootstrapped</c>, <c>prejoin</c>, <c>joined(bootstrapper)</c>, <c>token-generated(host)</c>.</summary>
    public IReadOnlyList<string> Names => _events.Select(Describe).ToArray();

    public void Add(ClusterEvent e) => _events.Add(e);

    public void Clear() => _events.Clear();

    private static string Describe(ClusterEvent e) => e switch
    {
        ClusterPreBootstrapEvent => "prebootstrap",
        ClusterBootstrappedEvent => "bootstrapped",
        ClusterPreJoinEvent => "prejoin",
        ClusterJoinedEvent j => j.Bootstrapper ? "joined(bootstrapper)" : "joined",
        TokenGeneratedEvent t => "token-generated(" + t.HostName + ")",
        _ => e.Name,
    };
}

/// <summary>
/// The smallest charm that uses the library: constructs a <see cref="TokenConsumer"/> and/or a
/// <see cref="TokenDistributorProvider"/> and records the consumer's library events.
/// </summary>
internal sealed class TestCharm : CharmBase
{
    public TestCharm(CharmContext context, TestCharmSetup setup)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.ConsumerEndpoint is { } consumerEndpoint)
        {
            var consumer = new TokenConsumer(this, consumerEndpoint, setup.Command, setup.Options);
            if (setup.BootstrapArguments is { } bootstrapArgs)
            {
                consumer.BootstrapArguments = () => bootstrapArgs;
            }

            if (setup.JoinArguments is { } joinArgs)
            {
                consumer.JoinArguments = () => joinArgs;
            }

            var recorder = setup.Recorder;
            consumer.PreBootstrap += recorder.Add;
            consumer.Bootstrapped += recorder.Add;
            consumer.PreJoin += recorder.Add;
            consumer.Joined += recorder.Add;
            consumer.TokenGenerated += recorder.Add;
            Consumer = consumer;
        }

        if (setup.ProviderEndpoint is { } providerEndpoint)
        {
            Provider = setup.ProviderOptions is null
                ? new TokenDistributorProvider(this, providerEndpoint)
                : new TokenDistributorProvider(this, providerEndpoint, setup.ProviderOptions);
        }

        setup.Constructed?.Invoke(this);
    }

    public TokenConsumer? Consumer { get; }

    public TokenDistributorProvider? Provider { get; }
}

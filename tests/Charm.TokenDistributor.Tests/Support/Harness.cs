using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;

namespace Charm.TokenDistributor.Tests.Support;

using State = Charm.Testing.State;

/// <summary>One workload unit running the consumer against a <see cref="MicroclusterNodes"/>.</summary>
internal sealed class ConsumerHarness
{
    public ConsumerHarness(string hostName = "node-a", MicroclusterNodes? cluster = null, TokenConsumerOptions? options = null, string unitName = "workload/0",
        IReadOnlyList<string>? bootstrapArguments = null, IReadOnlyList<string>? joinArguments = null, Action<TestCharm>? constructed = null,
        TimeProvider? hookClock = null)
    {
        HostName = hostName;
        Cluster = cluster ?? new MicroclusterNodes();
        Setup = new TestCharmSetup
        {
            ConsumerEndpoint = Wire.ConsumerEndpoint,
            Command = new ClusterCommand(Cluster.Prefix),
            Options = options,
            BootstrapArguments = bootstrapArguments,
            JoinArguments = joinArguments,
            Recorder = Recorder,
            Constructed = constructed,
        };
        Context = new Context(ctx => new TestCharm(ctx, Setup), unitName: unitName) { ProcessRunner = Cluster.Node(hostName), Time = hookClock };
    }

    /// <summary>
    /// node-a, the only member and so the communicator, in a cluster whose tokens live <paramref name="tokenLifetime"/>
    /// (the daemon's <c>--expire-after</c> and the consumer's <see cref="TokenConsumerOptions.TokenLifetime"/> agree), on
    /// the daemon's clock.
    /// </summary>
    public static ConsumerHarness Communicator(TimeSpan tokenLifetime)
    {
        var cluster = new MicroclusterNodes(tokenLifetime).With("node-a");
        return new ConsumerHarness(hostName: "node-a", cluster: cluster, options: new TokenConsumerOptions { TokenLifetime = tokenLifetime, TimeProvider = cluster.Time });
    }

    public string HostName { get; }

    public MicroclusterNodes Cluster { get; }

    public LibraryEventRecorder Recorder { get; } = new();

    public TestCharmSetup Setup { get; }

    public Context Context { get; }

    /// <summary>A state for this unit: its host name and leadership.</summary>
    public State State(bool leader = false) => new() { HostName = HostName, Leader = leader };

    /// <summary>Runs a hook (the recorder then holds that hook's library events only).</summary>
    public RunResult Run(Hook hook, State state)
    {
        Recorder.Clear();
        return Context.Run(hook, state with { HostName = HostName });
    }
}

/// <summary>One distributor unit running the provider.</summary>
internal sealed class ProviderHarness
{
    public ProviderHarness(string unitName = "distributor/0", TokenDistributorProviderOptions? options = null)
    {
        UnitName = unitName;
        Setup = new TestCharmSetup { ProviderEndpoint = Wire.ProviderEndpoint, ProviderOptions = options };
        Context = new Context(ctx => new TestCharm(ctx, Setup), unitName: unitName);
    }

    public string UnitName { get; }

    public TestCharmSetup Setup { get; }

    public Context Context { get; }

    public RunResult Run(Hook hook, State state) => Context.Run(hook, state);

    /// <summary>Runs <c>relation-departed</c> for <paramref name="departingUnit"/> of <paramref name="relation"/>.</summary>
    public RunResult RunDeparted(RelationState relation, int departingUnit, State state)
        => Context.Run(Hook.RelationDeparted(relation, departingUnit), state);
}

using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Provider;

namespace Charm.Reliability.Tests.Support;

/// <summary>What the test charms of one simulated world share: the crash plan, the token ledger and both sides' options.</summary>
internal sealed class CharmWorld(TokenConsumerOptions consumerOptions, TokenDistributorProviderOptions? providerOptions = null)
{
    public CrashPlan Crashes { get; } = new();

    public TokenLedger Tokens { get; } = new();

    public TokenConsumerOptions ConsumerOptions { get; } = consumerOptions;

    /// <summary>The distributor's options; <see langword="null"/> for the defaults.</summary>
    public TokenDistributorProviderOptions? ProviderOptions { get; } = providerOptions;
}

/// <summary>The two small charms the reliability tests deploy: both are built on the real library.</summary>
internal static class ClusterCharms
{
    public const string ConsumerEndpoint = "cluster";
    public const string ProviderEndpoint = "microcluster-cluster";
    public const string Interface = "worker-cluster";
    public const string Command = "microctl";

    public static CharmMetadata ConsumerMetadata { get; } = new([new EndpointSpec(ConsumerEndpoint, EndpointRole.Requires, Interface)]);

    public static CharmMetadata DistributorMetadata { get; } = new([new EndpointSpec(ProviderEndpoint, EndpointRole.Provides, Interface)]);

    public static CharmSource Consumer(CharmWorld world) => CharmSource.InProcess(ctx => new ConsumerCharm(ctx, world), ConsumerMetadata);

    public static CharmSource Distributor(CharmWorld world) => CharmSource.InProcess(ctx => new DistributorCharm(ctx, world), DistributorMetadata);
}

/// <summary>
/// A workload charm: a <see cref="TokenConsumer"/> on <c>cluster</c> driving <c>microctl</c>, plus the crash points the
/// world's <see cref="CrashPlan"/> may arm (before/after each CLI call that changes the cluster, at the start and end).
/// </summary>
internal sealed class ConsumerCharm : CharmBase
{
    public ConsumerCharm(CharmContext context, CharmWorld world)
        : base(context)
    {
        var unit = context.Environment.UnitName;
        var crashes = world.Crashes;
        crashes.Hit(unit, CrashPoint.HookStart);

        var consumer = new TokenConsumer(this, ClusterCharms.ConsumerEndpoint, new ClusterCommand(ClusterCharms.Command), world.ConsumerOptions);
        consumer.PreBootstrap += _ => crashes.Hit(unit, CrashPoint.BeforeBootstrap);
        consumer.Bootstrapped += _ => crashes.Hit(unit, CrashPoint.AfterBootstrap);
        consumer.PreJoin += _ => crashes.Hit(unit, CrashPoint.BeforeJoin);
        consumer.Joined += e =>
        {
            if (!e.Bootstrapper)
            {
                crashes.Hit(unit, CrashPoint.AfterJoin);
            }
        };
        consumer.TokenGenerated += e =>
        {
            // The token is in this hook's (not yet committed) databag: remember it, so that a leak can be recognised even
            // when the hook then fails and the token is never published.
            world.Tokens.Record(e.Relation.LocalUnitData[WireKeys.MirrorKeyOf(e.HostName)]);
            crashes.Hit(unit, CrashPoint.AfterTokenGenerated);
        };

        if (context.Environment.Event.Kind != JujuEventKind.Other)
        {
            Framework.Observe<HookEvent>(context.Environment.Event, "reliability/hook-end", _ => crashes.Hit(unit, CrashPoint.HookEnd));
        }
    }
}

/// <summary>A distributor charm: a <see cref="TokenDistributorProvider"/> on <c>microcluster-cluster</c>, with crash points at the start and end of a hook.</summary>
internal sealed class DistributorCharm : CharmBase
{
    public DistributorCharm(CharmContext context, CharmWorld world)
        : base(context)
    {
        var unit = context.Environment.UnitName;
        world.Crashes.Hit(unit, CrashPoint.HookStart);
        _ = new TokenDistributorProvider(this, ClusterCharms.ProviderEndpoint, world.ProviderOptions);
        if (context.Environment.Event.Kind != JujuEventKind.Other)
        {
            Framework.Observe<HookEvent>(context.Environment.Event, "reliability/hook-end", _ => world.Crashes.Hit(unit, CrashPoint.HookEnd));
        }
    }
}

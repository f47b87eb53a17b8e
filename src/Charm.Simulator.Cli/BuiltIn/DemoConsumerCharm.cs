using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>
/// The built-in demo workload charm: nothing but the library's <see cref="TokenConsumer"/> on <c>cluster</c>, driving
/// the workload CLI the demo routes to the fake cluster. The consumer's clock is the simulation's, so its token lifetime
/// (the re-issue of a token that went unused) runs on simulated time.
/// </summary>
internal sealed class DemoConsumerCharm : CharmBase
{
    public const string Endpoint = "cluster";

    public DemoConsumerCharm(CharmContext context, ClusterCommand command, TimeProvider time)
        : base(context)
    {
        var consumer = new TokenConsumer(this, Endpoint, command, new TokenConsumerOptions { TimeProvider = time });
        consumer.TokenGenerated += e => Log.Info($"issued a join token for {e.HostName}");
    }
}

using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>
/// The built-in demo workload charm: nothing but the library's <see cref="TokenConsumer"/> on <c>cluster</c>, driving
/// the workload CLI the demo routes to the fake cluster. The consumer's clock is the hook's (<see cref="CharmContext.Time"/>):
/// the simulated time, in process and (from <c>CHARM_SIM_TIME</c>) as a process, so its token lifetime (the re-issue of
/// a token that went unused) runs on simulated time, and in process its bounded wait for PENDING members moves it on.
/// The wait is the library's default unless the demo's <c>--pending-wait SECONDS</c> says otherwise (0: no wait).
/// </summary>
internal sealed class DemoConsumerCharm : CharmBase
{
    public const string Endpoint = "cluster";

    public DemoConsumerCharm(CharmContext context, ClusterCommand command, TimeSpan? pendingWait = null)
        : base(context)
    {
        var options = pendingWait is { } wait ? new TokenConsumerOptions { PendingWait = wait } : new TokenConsumerOptions();
        var consumer = new TokenConsumer(this, Endpoint, command, options);
        consumer.TokenGenerated += e => Log.Info($"issued a join token for {e.HostName}");
    }
}

using System.Diagnostics;
using System.Globalization;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;

// Forms a cluster of N consumer units with one distributor unit in the in-process simulator, with charms built on the
// real library, and prints a Markdown table: hooks run, CLI calls, simulated time and wall time per N.
//   dotnet run -c Release --project benchmarks/Charm.Simulator.Benchmarks [N ...]
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [3, 10, 30, 100];
Console.WriteLine("| consumer units | converged | hooks run | hooks per unit | CLI calls (add / join / list) | simulated time | wall time (s) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var n in sizes)
{
    using var sim = new Simulation(new SimulationOptions { Seed = 1, Policy = SchedulingPolicy.Random });
    var time = new SimulationTimeProvider(sim.Clock);
    var consumerMeta = new CharmMetadata([new EndpointSpec("cluster", EndpointRole.Requires, "worker-cluster", 1)]);
    var distributorMeta = new CharmMetadata([new EndpointSpec("microcluster-cluster", EndpointRole.Provides, "worker-cluster")]);
    sim.Deploy("microctl", CharmSource.InProcess(ctx => new ConsumerCharm(ctx, time), consumerMeta), units: n);
    sim.Deploy("token-distributor", CharmSource.InProcess(ctx => new DistributorCharm(ctx), distributorMeta), units: 1);
    sim.Relate("microctl", "token-distributor");

    var watch = Stopwatch.StartNew();
    var result = sim.RunUntil(s => ClusterFormation.Converged(s, "microctl"), maxSteps: 200_000, maxSimulatedTime: TimeSpan.FromDays(2));
    watch.Stop();
    var calls = sim.Microcluster.ListCalls();
    int Count(string verb) => calls.Count(c => c.Arguments.Count > 0 && c.Arguments[0] == verb);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {n} | {(result.Converged ? "yes" : "NO: " + result.Reason)} | {sim.Trace.Count} | {sim.Trace.Count / (double)(n + 1):0.0} | {calls.Count} ({Count("add")} / {Count("join")} / {Count("list")}) | {sim.Clock.Now - sim.Options.StartTime:hh\\:mm\\:ss} | {watch.Elapsed.TotalSeconds:0.00} |"));
}

internal sealed class ConsumerCharm : CharmBase
{
    public ConsumerCharm(CharmContext context, TimeProvider time)
        : base(context)
    {
        var consumer = new TokenConsumer(this, "cluster", new ClusterCommand("microctl"), new TokenConsumerOptions { TimeProvider = time });
        consumer.Joined += e => Unit.Status = Status.Active(e.Bootstrapper ? "bootstrapped" : "joined");
    }
}

internal sealed class DistributorCharm : CharmBase
{
    public DistributorCharm(CharmContext context)
        : base(context) => _ = new TokenDistributorProvider(this, "microcluster-cluster");
}

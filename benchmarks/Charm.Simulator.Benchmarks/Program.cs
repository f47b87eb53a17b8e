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
// With "update-status" first, forms N = 3, 5 and 10 (or the sizes given after it) with update-status every 5 and every
// 60 minutes and prints the simulated time to converge for each, and their difference:
//   dotnet run -c Release --project benchmarks/Charm.Simulator.Benchmarks update-status [N ...]
if (args.Length > 0 && args[0] == "update-status")
{
    var formSizes = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [3, 5, 10];
    Console.WriteLine("| consumer units | seeds | mean simulated time, update-status every 5 min | every 60 min | difference of the means | largest difference of one seed | seeds that differ |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var n in formSizes)
    {
        var runs = Enumerable.Range(1, 10).Select(seed => (Often: Form(n, TimeSpan.FromMinutes(5), seed), Rarely: Form(n, TimeSpan.FromMinutes(60), seed))).ToList();
        if (runs.Any(r => !r.Often.Converged || !r.Rarely.Converged))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n} | 1-10 | not converged | | | | |"));
            continue;
        }

        var often = TimeSpan.FromSeconds(runs.Average(r => r.Often.Simulated.TotalSeconds));
        var rarely = TimeSpan.FromSeconds(runs.Average(r => r.Rarely.Simulated.TotalSeconds));
        var largest = runs.Max(r => (r.Rarely.Simulated - r.Often.Simulated).TotalSeconds / r.Often.Simulated.TotalSeconds * 100);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {n} | 1-10 | {often:hh\\:mm\\:ss} | {rarely:hh\\:mm\\:ss} | {(rarely - often).TotalSeconds / often.TotalSeconds * 100:+0;-0;0} % | {largest:+0;-0;0} % | {runs.Count(r => r.Often.Simulated != r.Rarely.Simulated)} |"));
    }

    return;
}

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [3, 10, 30, 100];
Console.WriteLine("| consumer units | converged | hooks run | hooks per unit | CLI calls (add / join / list) | simulated time | wall time (s) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var n in sizes)
{
    using var sim = Deploy(n, null);
    var watch = Stopwatch.StartNew();
    var result = sim.RunUntil(s => ClusterFormation.Converged(s, "microctl"), maxSteps: 200_000, maxSimulatedTime: TimeSpan.FromDays(2));
    watch.Stop();
    var calls = sim.Microcluster.ListCalls();
    int Count(string verb) => calls.Count(c => c.Arguments.Count > 0 && c.Arguments[0] == verb);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {n} | {(result.Converged ? "yes" : "NO: " + result.Reason)} | {sim.Trace.Count} | {sim.Trace.Count / (double)(n + 1):0.0} | {calls.Count} ({Count("add")} / {Count("join")} / {Count("list")}) | {sim.Clock.Now - sim.Options.StartTime:hh\\:mm\\:ss} | {watch.Elapsed.TotalSeconds:0.00} |"));
}

// N consumer units and one distributor unit, related (seed 1, random interleaving); the charms read the hook's clock.
static Simulation Deploy(int n, TimeSpan? updateStatus, int seed = 1)
{
    var sim = new Simulation(updateStatus is { } interval
        ? new SimulationOptions { Seed = seed, Policy = SchedulingPolicy.Random, UpdateStatusInterval = interval }
        : new SimulationOptions { Seed = seed, Policy = SchedulingPolicy.Random });
    var consumerMeta = new CharmMetadata([new EndpointSpec("cluster", EndpointRole.Requires, "worker-cluster", 1)]);
    var distributorMeta = new CharmMetadata([new EndpointSpec("microcluster-cluster", EndpointRole.Provides, "worker-cluster")]);
    sim.Deploy("microctl", CharmSource.InProcess(ctx => new ConsumerCharm(ctx), consumerMeta), units: n);
    sim.Deploy("token-distributor", CharmSource.InProcess(ctx => new DistributorCharm(ctx), distributorMeta), units: 1);
    sim.Relate("microctl", "token-distributor");
    return sim;
}

// The simulated time from the relation to every consumer host being a member with no hook pending.
static (bool Converged, TimeSpan Simulated) Form(int n, TimeSpan updateStatus, int seed)
{
    using var sim = Deploy(n, updateStatus, seed);
    var result = sim.RunUntil(s => ClusterFormation.Converged(s, "microctl"), maxSteps: 200_000, maxSimulatedTime: TimeSpan.FromDays(2));
    return (result.Converged, sim.Clock.Now - sim.Options.StartTime);
}

internal sealed class ConsumerCharm : CharmBase
{
    public ConsumerCharm(CharmContext context)
        : base(context)
    {
        // No clock in the options: the consumer reads the hook's clock, which the simulator sets to its simulated time.
        var consumer = new TokenConsumer(this, "cluster", new ClusterCommand("microctl"));
        consumer.Joined += e => Unit.Status = Status.Active(e.Bootstrapper ? "bootstrapped" : "joined");
    }
}

internal sealed class DistributorCharm : CharmBase
{
    public DistributorCharm(CharmContext context)
        : base(context) => _ = new TokenDistributorProvider(this, "microcluster-cluster");
}

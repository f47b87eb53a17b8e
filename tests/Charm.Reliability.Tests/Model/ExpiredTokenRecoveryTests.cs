using System.Globalization;
using Charm.Reliability.Tests.Support;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;

namespace Charm.Reliability.Tests.Model;

/// <summary>
/// Issue 16's fault runs: add units, run, expire every outstanding token, move both leaderships, remove both leaders,
/// add a unit; the cluster re-converges for scheduler seeds 1-10 well within the token lifetime (3 h), on the charms'
/// own clock: the consumer's options give no clock, so it reads the framework's hook clock, which is the simulator's.
/// </summary>
public sealed class ExpiredTokenRecoveryTests
{
    private static readonly TimeSpan UpdateStatusInterval = TimeSpan.FromMinutes(5);

    /// <summary>Well under the 3 h token lifetime: recovery must not wait for the lifetime to pass.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromMinutes(30);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 10)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void After_expired_tokens_and_both_leaders_leaving_the_cluster_re_converges_within_minutes(int seed)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var world = new CharmWorld(new TokenConsumerOptions());
        using var sim = new Simulation(new SimulationOptions
        {
            Seed = seed,
            Clock = clock,
            Microcluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions { Seed = seed, CommandName = ClusterCharms.Command }),
            WorkloadCommand = ClusterCharms.Command,
            UpdateStatusInterval = UpdateStatusInterval,
            MaxHookAttempts = 1000,
        });
        sim.Deploy("workload", ClusterCharms.Consumer(world), 3);
        sim.Deploy("distributor", ClusterCharms.Distributor(world), 2);
        sim.Relate("workload", "distributor");
        Converge(sim, clock, "the first three units");

        sim.AddUnit("workload");
        sim.AddUnit("workload");
        for (var i = 0; i < 12 && sim.Step() is not null; i++)
        {
        }

        sim.Microcluster.ExpireAllTokens();
        for (var i = 0; i < 12 && sim.Step() is not null; i++)
        {
        }

        var workloadLeader = Others(sim, "workload", sim.Model.GetApplication("workload").Leader!.Name)[0];
        var distributorLeader = Others(sim, "distributor", sim.Model.GetApplication("distributor").Leader!.Name)[0];
        sim.SetLeader(workloadLeader);
        sim.SetLeader(distributorLeader);
        for (var i = 0; i < 12 && sim.Step() is not null; i++)
        {
        }

        sim.RemoveUnit(workloadLeader);
        sim.RemoveUnit(distributorLeader);
        sim.AddUnit("workload");
        Converge(sim, clock, "after the expiry, the leader moves and removals");
    }

    private static List<string> Others(Simulation sim, string app, string leader)
        => sim.Model.Units.Where(u => u.Application.Name == app && u.Name != leader).Select(u => u.Name).ToList();

    /// <summary>Runs hooks, idling to the next update-status when none waits, until every live workload host is a member of one cluster.</summary>
    private static void Converge(Simulation sim, ManualClock clock, string what)
    {
        var start = clock.Now;
        while (true)
        {
            var hosts = sim.Model.Units.Where(u => u.Application.Name == "workload").Select(u => u.HostName).ToList();
            var clusters = sim.Microcluster.ListClusters().Where(c => c.Members.Any(m => hosts.Contains(m.Name))).ToList();
            if (!sim.HasPendingHooks && clusters.Count == 1 && hosts.All(h => clusters[0].Members.Any(m => m.Name == h)))
            {
                return;
            }

            if (clock.Now - start > RecoveryBound)
            {
                var statuses = string.Join("; ", sim.Model.Units.Select(u => u.Name + ": " + u.Status));
                throw new Xunit.Sdk.XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: not converged within {RecoveryBound.TotalMinutes} simulated minutes; clusters: {string.Join(" | ", clusters.Select(c => string.Join(",", c.Members.Select(m => m.Name))))}; hosts: {string.Join(",", hosts)}; {statuses}"));
            }

            if (sim.Step() is null)
            {
                sim.AdvanceTime(UpdateStatusInterval);
            }
        }
    }
}

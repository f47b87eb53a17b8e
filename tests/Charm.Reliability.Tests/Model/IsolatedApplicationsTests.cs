using System.Globalization;
using System.Text.Json;
using Charm.Reliability.Tests.Support;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;
using CsCheck;

namespace Charm.Reliability.Tests.Model;

/// <summary>
/// Two consumer applications of the same workload (one fake microcluster daemon, so only the relation data keeps their
/// clusters apart) related to one distributor endpoint with <see cref="TokenDistributorProviderOptions.IsolateRelations"/>
/// on, in the simulator, over random unit counts and hook orders (docs/security.md, "Cross-application exposure").
/// Properties, checked after every hook by reading the databags: a distributor unit's databag on a relation names only
/// hosts of that relation's application, in <c>mirror-*</c> keys and in <c>cluster-host-units</c>, and holds no value a
/// unit of the other application offered; at the end each application forms its own cluster of exactly its units.
/// </summary>
public sealed class IsolatedApplicationsTests
{
    /// <summary>Schedules per run (docs/security.md quotes it).</summary>
    internal const int Schedules = 24;

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(3);

    private static readonly Gen<Layout> Layouts = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[0, int.MaxValue])
        .Select((alpha, beta, distributors, seed) => new Layout(alpha, beta, distributors, seed));

    [Fact]
    public void Isolated_applications_on_one_distributor_form_their_own_clusters_and_no_token_crosses_relations()
        => Layouts.Run(Run, iter: Schedules, threads: 1, print: l => l.ToString());

    private static void Run(Layout layout)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var world = new CharmWorld(
            new TokenConsumerOptions { TokenLifetime = TokenLifetime },
            new TokenDistributorProviderOptions { IsolateRelations = true });
        using var sim = new Simulation(new SimulationOptions
        {
            Seed = layout.Seed,
            Clock = clock,
            Microcluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions { Seed = layout.Seed, TokenLifetime = TokenLifetime, CommandName = ClusterCharms.Command }),
            WorkloadCommand = ClusterCharms.Command,
        });
        sim.Deploy("alpha", ClusterCharms.Consumer(world), layout.Alpha);
        sim.Deploy("beta", ClusterCharms.Consumer(world), layout.Beta);
        sim.Deploy("distributor", ClusterCharms.Distributor(world), layout.Distributors);
        var relations = new[] { sim.Relate("alpha", "distributor"), sim.Relate("beta", "distributor") };
        var hooks = 0;
        sim.HookCompleted = _ =>
        {
            hooks++;
            AssertNothingCrosses(sim, relations);
        };

        var result = sim.RunUntil(s => ClusterFormation.Converged(s, "alpha") && ClusterFormation.Converged(s, "beta"), maxSteps: 4000);

        Assert.True(result.Converged, $"not converged ({result.Reason} after {result.Steps} hooks)");
        Assert.True(hooks > 0);
        AssertNothingCrosses(sim, relations);
        var alphaCluster = ClusterOf(sim, "alpha");
        var betaCluster = ClusterOf(sim, "beta");
        Assert.NotEqual(alphaCluster, betaCluster);
        Assert.Equal(2, sim.Microcluster.ListClusters().Count);
        foreach (var (app, id) in new[] { ("alpha", alphaCluster), ("beta", betaCluster) })
        {
            var cluster = Assert.Single(sim.Microcluster.ListClusters(), c => sim.Microcluster.ClusterIdOf(c.Members[0].Name) == id);
            Assert.Equal(Hosts(sim, app).Order(StringComparer.Ordinal), cluster.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The databags of every distributor unit on each relation against the hosts and values of the other relation's application.</summary>
    private static void AssertNothingCrosses(Simulation sim, SimulatedRelation[] relations)
    {
        foreach (var relation in relations)
        {
            var app = relation.First.Application;
            var hosts = Hosts(sim, app);
            var others = relations.Where(r => r != relation).SelectMany(r => Units(sim, r.First.Application).Select(r.UnitData)).ToList();
            foreach (var distributor in Units(sim, "distributor"))
            {
                foreach (var (key, value) in relation.UnitData(distributor).Where(p => p.Key.StartsWith("mirror-", StringComparison.Ordinal)))
                {
                    var host = key["mirror-".Length..];
                    Assert.True(hosts.Contains(host), $"{distributor} holds {key} on {app}'s relation, and {host} is no host of {app}");
                    if (value is not ("empty" or "joined"))
                    {
                        Assert.False(others.Any(bag => bag.Values.Contains(value)), $"{distributor} mirrors on {app}'s relation a value a unit of another application offered ({key})");
                    }
                }
            }

            if (relation.ApplicationData("distributor").TryGetValue("cluster-host-units", out var text))
            {
                var record = JsonSerializer.Deserialize<Dictionary<string, string>>(text)!;
                Assert.All(record.Keys, h => Assert.True(hosts.Contains(h), $"cluster-host-units on {app}'s relation names {h}"));
            }
        }
    }

    private static string ClusterOf(Simulation sim, string app)
    {
        var ids = Units(sim, app).Select(u => sim.Microcluster.ClusterIdOf(sim.Model.GetUnit(u).HostName)).Distinct().ToList();
        return Assert.Single(ids) ?? throw new Xunit.Sdk.XunitException($"{app}'s units are in no cluster");
    }

    private static IEnumerable<string> Units(Simulation sim, string app) => sim.Model.GetApplication(app).Units.Select(u => u.Name);

    private static HashSet<string> Hosts(Simulation sim, string app)
        => sim.Model.GetApplication(app).Units.Select(u => u.HostName).ToHashSet(StringComparer.Ordinal);

    internal sealed record Layout(int Alpha, int Beta, int Distributors, int Seed)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"alpha {Alpha} units, beta {Beta}, distributor {Distributors}, seed {Seed}");
    }
}

using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Protocol;

namespace Charm.Simulator.Tests.Convergence;

/// <summary>
/// The end-to-end convergence runs shared by both modes: a consumer application of N units related to a distributor,
/// run until the model settles with one cluster whose roles have been assigned, then checked member by member.
/// </summary>
internal static class ConvergenceCheck
{
    public const string Consumer = "microctl";
    public const string Distributor = "token-distributor";
    public const int DistributorUnits = 2;

    /// <summary>Settled: every consumer unit is in one cluster, no hook is left, and no member waits for a role.</summary>
    public static bool Settled(Simulation sim)
        => ClusterFormation.Converged(sim, Consumer)
            && sim.Microcluster.ListClusters().All(c => c.Members.All(m => m.Role != MicroclusterRole.Pending));

    /// <summary>Deploys, relates and runs until <see cref="Settled"/>; returns the run's result.</summary>
    public static SimulationRunResult Run(Simulation sim, CharmSource consumer, CharmSource distributor, int units)
    {
        sim.Deploy(Consumer, consumer, units);
        sim.Deploy(Distributor, distributor, DistributorUnits);
        sim.Relate(Consumer, Distributor);
        return sim.RunUntil(Settled, maxSteps: 2000);
    }

    /// <summary>Asserts everything a converged deployment of <paramref name="units"/> consumer units must show.</summary>
    public static void AssertConverged(Simulation sim, SimulationRunResult result, int units)
    {
        Assert.True(result.Converged, $"not converged ({result.Reason} after {result.Steps} hooks):\n{Describe(sim)}");

        // No hook failed on the way, none is left failing, no unit gave up.
        Assert.All(sim.Trace, t => Assert.True(t.Result == HookResult.Succeeded, $"{t}\n{t.ErrorOutput}"));
        Assert.All(sim.Model.Units, u => Assert.Null(u.FailingHook));
        Assert.Empty(sim.StuckUnits);
        Assert.False(sim.HasPendingHooks);

        // Exactly one cluster, bootstrapped once, by the consumer unit the distributor granted the bootstrap to (both
        // sides speak the bootstrap-grant extension).
        var consumers = sim.Model.GetApplication(Consumer).Units.ToList();
        Assert.Equal(units, consumers.Count);
        var cluster = Assert.Single(sim.Microcluster.ListClusters());
        var bootstraps = sim.Microcluster.ListCalls().Where(c => c.Arguments is ["bootstrap", ..] && c.ExitCode == 0).ToList();
        var bootstrap = Assert.Single(bootstraps);
        var relation = Assert.Single(sim.Model.RelationsOf(Consumer));
        Assert.True(
            relation.ApplicationData(Distributor).TryGetValue(WireKeys.BootstrapUnitKey, out var granted),
            $"the distributor granted no bootstrap ({WireKeys.BootstrapUnitKey} is missing)");
        Assert.Equal(sim.Model.GetUnit(granted).HostName, bootstrap.HostName);
        Assert.Equal(1, ClusterFormation.ClusterCount(sim, Consumer));

        // Every consumer unit is a member, and nothing else is.
        Assert.Equal(
            consumers.Select(u => u.HostName).Order(StringComparer.Ordinal),
            cluster.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(cluster.Members, m => Assert.Equal(MicroclusterMemberStatus.Online, m.Status));

        // dqlite's roles for N members: 3 voters, then 3 stand-bys, then spares (microcluster-cli.md).
        var (voters, standBys, spares) = ExpectedRoles(units);
        Assert.Equal(voters, cluster.Members.Count(m => m.Role == MicroclusterRole.Voter));
        Assert.Equal(standBys, cluster.Members.Count(m => m.Role == MicroclusterRole.StandBy));
        Assert.Equal(spares, cluster.Members.Count(m => m.Role == MicroclusterRole.Spare));

        // Each consumer unit joined at most once and the cluster has no join left outstanding.
        Assert.All(consumers, u => Assert.True(
            sim.Microcluster.ListCalls().Count(c => c.HostName == u.HostName && c.Arguments is ["join", ..] && c.ExitCode == 0) <= 1,
            $"{u.Name} joined more than once"));
        Assert.Equal(units - 1, sim.Microcluster.ListCalls().Count(c => c.Arguments is ["join", ..] && c.ExitCode == 0));
        Assert.Empty(sim.Microcluster.ListOutstandingTokens());

        // Every unit of both applications reports active.
        Assert.All(sim.Model.Units, u => Assert.True(u.Status.Kind == StatusKind.Active, $"{u.Name} is {u.Status}"));
    }

    /// <summary>How many voters, stand-bys and spares N members have.</summary>
    public static (int Voters, int StandBys, int Spares) ExpectedRoles(int members)
    {
        var voters = Math.Min(members, 3);
        var standBys = Math.Min(members - voters, 3);
        return (voters, standBys, members - voters - standBys);
    }

    private static string Describe(Simulation sim)
        => string.Join("\n", sim.Model.Units.Select(u => $"{u.Name} ({u.HostName}): {u.Status}"))
            + "\n" + string.Join("\n", sim.Microcluster.ListClusters().SelectMany(c => c.Members).Select(m => $"{m.Name} {m.Role} {m.Status}"))
            + "\n" + string.Join("\n", sim.Trace.TakeLast(20).Select(t => t + (t.ErrorOutput.Length > 0 ? "\n" + t.ErrorOutput : "")));
}

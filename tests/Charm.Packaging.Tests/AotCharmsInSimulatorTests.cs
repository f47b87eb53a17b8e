using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Packaging.Tests;

/// <summary>
/// The sample charms as built from the packages (Native AOT) form a cluster in the simulator, as real processes, in the
/// README demo's configuration (5 <c>microctl</c> units, a 3-unit distributor).
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed class AotCharmsInSimulatorTests
{
    private readonly BuiltSamples _built;

    public AotCharmsInSimulatorTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    [Fact]
    public void FiveWorkloadUnitsAndAThreeUnitDistributorFormOneCluster()
    {
        using var sim = new Simulation(new SimulationOptions
        {
            Seed = 11,
            HookToolPath = Path.Combine(AppContext.BaseDirectory, "hooktool"),
            HookTimeout = TimeSpan.FromSeconds(60),
        });
        sim.Deploy("microctl", CharmSource.FromDirectory(Path.Combine(_built.CharmsDirectory, "microctl")), units: 5);
        sim.Deploy("token-distributor", CharmSource.FromDirectory(Path.Combine(_built.CharmsDirectory, "token-distributor")), units: 3);
        sim.Relate("microctl", "token-distributor");

        var workloadHosts = sim.Model.GetApplication("microctl").Units.Select(u => u.HostName).Order(StringComparer.Ordinal).ToArray();
        var result = sim.RunUntil(
            s => !s.HasPendingHooks && s.Microcluster.ListClusters() is [var only] && only.Members.Select(m => m.Name).Order(StringComparer.Ordinal).SequenceEqual(workloadHosts),
            maxSteps: 4000,
            maxSimulatedTime: TimeSpan.FromHours(2));

        Assert.True(result.Reason == StopReason.Converged, $"did not converge ({result.Reason}):\n{string.Join('\n', sim.Trace.TakeLast(20))}");
        Assert.All(sim.Trace, t => Assert.True(t.Result == HookResult.Succeeded, $"{t}\n{t.ErrorOutput}"));
        Assert.All(sim.Model.GetApplication("microctl").Units, u => Assert.Equal(Charm.Framework.Model.StatusKind.Active, u.WorkloadStatus.Kind));
        Assert.All(sim.Model.GetApplication("token-distributor").Units, u => Assert.Equal(Charm.Framework.Model.StatusKind.Active, u.WorkloadStatus.Kind));
        Assert.Single(sim.Microcluster.ListCalls(), c => c.Arguments is ["bootstrap", ..] && c.ExitCode == 0);

        // The sample's list-members action, run as `juju run microctl/0 list-members` through the native charm and the
        // real action-set: the member table of the five hosts, and the workload version set at install.
        var action = sim.RunAction("microctl/0", "list-members");
        Assert.True(action.Status == ActionStatus.Completed, action.Message + "\n" + action.Entry.ErrorOutput);
        Assert.Equal("5", Convert.ToString(action.Results["count"], System.Globalization.CultureInfo.InvariantCulture));
        var members = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(action.Results["members"]);
        Assert.Equal(workloadHosts, members.Values.Select(m => (string)((IReadOnlyDictionary<string, object?>)m!)["name"]!).Order(StringComparer.Ordinal));
    }
}

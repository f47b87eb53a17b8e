using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Model;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Convergence;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// End to end, as real processes: the test charm's <c>consumer</c> and <c>distributor</c> roles (thin charms over the
/// real TokenConsumer and TokenDistributorProvider) as charm directories, every hook a process started through the
/// unit's <c>dispatch</c> (under its own host name where <c>unshare --uts</c> works, else with <c>SIM_HOSTNAME</c>),
/// with <c>charm-sim-tool</c> linked on <c>PATH</c> as the hook tools and as <c>microctl</c>. The charm and the tool are
/// the Native AOT builds the project publishes, so N = 7 (about 140 hooks and 600 tool calls) stays within seconds.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RealProcessConvergenceTests : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("sim-converge-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void NConsumerUnitsFormOneClusterWithTheirRoles(int units)
    {
        var (consumer, distributor) = ProgramPaths.MakeClusterCharms(_charms, ProgramPaths.FastTestCharm);
        using var sim = new Simulation(new SimulationOptions
        {
            Seed = 11,
            HookToolPath = ProgramPaths.FastHookToolDirectory,
            HookTimeout = TimeSpan.FromSeconds(60),
        });

        var result = ConvergenceCheck.Run(sim, CharmSource.FromDirectory(consumer), CharmSource.FromDirectory(distributor), units);

        ConvergenceCheck.AssertConverged(sim, result, units);
        Assert.All(sim.Model.Units, u => Assert.True(File.Exists(Path.Combine(u.CharmDirectory!, ".unit-state.json")), $"{u.Name} kept no state file"));
        if (sim.IsolatesHostNames != true)
        {
            Assert.Contains("SIM_HOSTNAME", Assert.Single(sim.Warnings), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ProcessesRunTheSameHooksAsTheBuiltInCharmsInProcess()
    {
        // The same library in both modes, so the same seed gives the same run: hook for hook, CLI call for CLI call. The
        // consumers do not wait for PENDING members: as a process, that wait's simulated length is its wall-clock time.
        var (consumer, distributor) = ProgramPaths.MakeClusterCharms(_charms, ProgramPaths.FastTestCharm, pendingWait: false);
        using var processes = new Simulation(new SimulationOptions { Seed = 4, HookToolPath = ProgramPaths.FastHookToolDirectory });
        using var inProcess = new Simulation(new SimulationOptions { Seed = 4 });

        var processResult = ConvergenceCheck.Run(processes, CharmSource.FromDirectory(consumer), CharmSource.FromDirectory(distributor), 3);
        var inProcessResult = ConvergenceCheck.Run(
            inProcess, BuiltInCharms.Consumer("microctl", TimeSpan.Zero), BuiltInCharms.Distributor(), 3);

        ConvergenceCheck.AssertConverged(processes, processResult, 3);
        Assert.Equal(inProcess.Trace.Select(t => t.ToString()), processes.Trace.Select(t => t.ToString()));
        Assert.Equal(inProcess.Microcluster.ListCalls().Select(c => c.ToString()), processes.Microcluster.ListCalls().Select(c => c.ToString()));
    }

    [Fact]
    public void AnExpiredTokenIsReissuedOnSimulatedTimeAndTheUnitJoins()
    {
        // The consumer process knows the time only from CHARM_SIM_TIME: its re-issue after the token lifetime shows that
        // the simulated time reached it (the machine's clock moves seconds in this test, not hours).
        var (consumer, distributor) = ProgramPaths.MakeClusterCharms(_charms, ProgramPaths.FastTestCharm);
        using var sim = new Simulation(new SimulationOptions { Seed = 5, HookToolPath = ProgramPaths.FastHookToolDirectory });
        sim.Deploy(ConvergenceCheck.Consumer, CharmSource.FromDirectory(consumer), 2);
        sim.Deploy(ConvergenceCheck.Distributor, CharmSource.FromDirectory(distributor));
        sim.Relate(ConvergenceCheck.Consumer, ConvergenceCheck.Distributor);
        Assert.True(sim.RunUntil(ConvergenceCheck.Settled, maxSteps: 500).Converged);

        sim.AddUnit(ConvergenceCheck.Consumer);
        Assert.True(sim.RunUntil(s => s.Microcluster.ListOutstandingTokens().Any(t => t.Name == "microctl-2"), maxSteps: 500).Converged);
        var expiry = ScenarioOperation.Parse("expire-tokens").Apply(sim);
        var result = sim.RunUntil(ConvergenceCheck.Settled, maxSteps: 500);

        Assert.StartsWith("expired 1 outstanding join token(s)", expiry, StringComparison.Ordinal);
        Assert.True(result.Converged, string.Join("\n", sim.Trace.TakeLast(20).Select(t => t + "\n" + t.ErrorOutput)));
        var adds = sim.Microcluster.ListCalls().Where(c => c.Arguments is ["add", "microctl-2"] && c.ExitCode == 0).ToList();
        Assert.Equal(2, adds.Count);
        Assert.True(adds[1].Time - adds[0].Time >= TimeSpan.FromHours(3), $"re-issued at {adds[1].Time}, first issued at {adds[0].Time}");
        Assert.Single(sim.Microcluster.ListCalls(), c => c.HostName == "microctl-2" && c.Arguments is ["join", ..] && c.ExitCode == 0);
        Assert.Equal(3, Assert.Single(sim.Microcluster.ListClusters()).Members.Count);
    }
}

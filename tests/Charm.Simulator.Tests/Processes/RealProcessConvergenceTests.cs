using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Model;
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
        // The same library in both modes, so the same seed gives the same run: hook for hook, CLI call for CLI call.
        var (consumer, distributor) = ProgramPaths.MakeClusterCharms(_charms, ProgramPaths.FastTestCharm);
        using var processes = new Simulation(new SimulationOptions { Seed = 4, HookToolPath = ProgramPaths.FastHookToolDirectory });
        using var inProcess = new Simulation(new SimulationOptions { Seed = 4 });

        var processResult = ConvergenceCheck.Run(processes, CharmSource.FromDirectory(consumer), CharmSource.FromDirectory(distributor), 3);
        var inProcessResult = ConvergenceCheck.Run(
            inProcess, BuiltInCharms.Consumer("microctl", inProcess.Clock), BuiltInCharms.Distributor(), 3);

        ConvergenceCheck.AssertConverged(processes, processResult, 3);
        Assert.Equal(inProcess.Trace.Select(t => t.ToString()), processes.Trace.Select(t => t.ToString()));
        Assert.Equal(inProcess.Microcluster.ListCalls().Select(c => c.ToString()), processes.Microcluster.ListCalls().Select(c => c.ToString()));
    }
}

using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Convergence;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// End to end, as real processes: charm-sim's built-in charms written as charm directories whose <c>dispatch</c> runs
/// <c>charm-sim charm consumer|distributor</c> (the real TokenConsumer and TokenDistributorProvider), every hook a
/// process with <c>charm-sim-tool</c> linked on <c>PATH</c> as the hook tools and as <c>microctl</c>.
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
        var (consumer, distributor) = BuiltInCharms.WriteDirectories(_charms, "microctl");
        using var sim = new Simulation(new SimulationOptions
        {
            Seed = 11,
            HookToolPath = ProgramPaths.HookToolDirectory,
            HookTimeout = TimeSpan.FromSeconds(60),
        });

        var result = ConvergenceCheck.Run(sim, CharmSource.FromDirectory(consumer), CharmSource.FromDirectory(distributor), units);

        ConvergenceCheck.AssertConverged(sim, result, units);
        Assert.All(sim.Model.Units, u => Assert.True(File.Exists(Path.Combine(u.CharmDirectory!, ".unit-state.json")), $"{u.Name} kept no state file"));
    }
}

using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.Convergence;

/// <summary>
/// End to end, in process: charm-sim's built-in charms (thin charms over the real TokenConsumer and
/// TokenDistributorProvider) form one cluster of N units through the simulated model and the fake cluster.
/// </summary>
public sealed class InProcessConvergenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void NConsumerUnitsFormOneClusterWithTheirRoles(int units)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 11 });

        var result = ConvergenceCheck.Run(sim, BuiltInCharms.Consumer("microctl"), BuiltInCharms.Distributor(), units);

        ConvergenceCheck.AssertConverged(sim, result, units);
    }
}

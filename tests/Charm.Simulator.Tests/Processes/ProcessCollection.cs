namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// Tests that write executables and start processes run one at a time: a script written by one thread while another
/// forks can be held open by the child and then fail to execute ("Text file busy").
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Simulator processes";
}

namespace Charm.Framework.Tests.Support;

/// <summary>
/// The tests that write executable scripts and run them. They do not run in parallel with each other: a script written by
/// one thread while another thread forks a process can briefly be held open for writing by the forked child, and executing
/// it then fails with "Text file busy".
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HookToolsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "HookTools processes";
}

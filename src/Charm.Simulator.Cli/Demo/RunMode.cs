namespace Charm.Simulator.Cli.Demo;

/// <summary>How the demo runs its charms.</summary>
internal enum RunMode
{
    /// <summary>Built-in charms in this process.</summary>
    InProcess,

    /// <summary>Charm directories, each hook a real <c>dispatch</c> process.</summary>
    Process,
}

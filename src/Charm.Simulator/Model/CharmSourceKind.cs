namespace Charm.Simulator.Model;

/// <summary>How the simulator runs an application's charm.</summary>
public enum CharmSourceKind
{
    /// <summary>In this process: a factory builds the charm and Charm.Framework's hook session runs it on a simulated backend.</summary>
    InProcess,

    /// <summary>As Juju does: the executable <c>dispatch</c> of a charm directory runs once per hook, with hook tools on <c>PATH</c>.</summary>
    Directory,
}

namespace Charm.Simulator.Scheduler;

/// <summary>How a charm process learns its unit's host name.</summary>
public enum HostNameMode
{
    /// <summary>Its own UTS namespace when the simulator runs as root and <c>unshare</c> works; otherwise <see cref="Variable"/>, with a warning.</summary>
    Auto,

    /// <summary>Always its own UTS namespace (<c>unshare --uts</c> + <c>hostname</c>); starting fails when that is impossible.</summary>
    Namespace,

    /// <summary>The machine's host name, with <c>SIM_HOSTNAME</c> set to the unit's (the workload CLI still uses the unit's).</summary>
    Variable,
}

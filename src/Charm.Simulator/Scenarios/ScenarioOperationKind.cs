namespace Charm.Simulator.Scenarios;

/// <summary>What a scenario step does.</summary>
public enum ScenarioOperationKind
{
    /// <summary><c>add-unit APP [COUNT]</c>: adds units.</summary>
    AddUnit,

    /// <summary><c>remove-unit UNIT</c>: starts removing a unit.</summary>
    RemoveUnit,

    /// <summary><c>move-leader UNIT</c>: moves leadership.</summary>
    MoveLeader,

    /// <summary>
    /// <c>expire-tokens</c>: makes every outstanding join token of the fake cluster expire now and moves the clock on by
    /// the cluster's token lifetime, as if the tokens had lived it out (so charms see the time pass too).
    /// </summary>
    ExpireTokens,

    /// <summary><c>config APP KEY=VALUE…</c>: sets config values.</summary>
    Config,

    /// <summary><c>update-status</c>: queues update-status on every started unit.</summary>
    UpdateStatus,

    /// <summary><c>wait DURATION</c>: lets simulated time pass (e.g. <c>4h</c>, <c>90s</c>).</summary>
    Wait,

    /// <summary><c>run STEPS</c>: runs that many hooks (or fewer, when none is left).</summary>
    Run,

    /// <summary><c>converge</c>: runs until the run's convergence predicate holds (or its bound).</summary>
    Converge,
}

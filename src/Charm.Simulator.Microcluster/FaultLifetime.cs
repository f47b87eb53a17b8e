namespace Charm.Simulator.Microcluster;

/// <summary>How long an injected fault stays armed.</summary>
public enum FaultLifetime
{
    /// <summary>The fault fires on the next matching call, then disarms itself.</summary>
    Once,

    /// <summary>The fault fires on every matching call until it is cleared.</summary>
    UntilCleared,
}

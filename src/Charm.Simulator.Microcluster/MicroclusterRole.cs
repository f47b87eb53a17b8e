namespace Charm.Simulator.Microcluster;

/// <summary>The values of <c>role</c> in <c>list -f json</c>, spelt as the real daemon spells them.</summary>
public static class MicroclusterRole
{
    /// <summary>A dqlite voter.</summary>
    public const string Voter = "voter";

    /// <summary>A dqlite stand-by (replicates, does not vote).</summary>
    public const string StandBy = "stand-by";

    /// <summary>A dqlite spare (neither votes nor replicates).</summary>
    public const string Spare = "spare";

    /// <summary>A member that has not been given a dqlite role yet (until the next heartbeat).</summary>
    public const string Pending = "PENDING";
}

namespace Charm.Simulator.Microcluster;

/// <summary>The values of <c>status</c> in <c>list -f json</c> that the fake cluster produces.</summary>
public static class MicroclusterMemberStatus
{
    /// <summary>The member answered.</summary>
    public const string Online = "ONLINE";

    /// <summary>The member could not be reached (marked with <see cref="FakeMicrocluster.SetReachable"/>).</summary>
    public const string Unreachable = "UNREACHABLE";
}

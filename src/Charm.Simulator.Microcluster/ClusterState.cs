namespace Charm.Simulator.Microcluster;

/// <summary>One fake cluster; mutated only under the <see cref="FakeMicrocluster"/> lock.</summary>
internal sealed class ClusterState(string id, string fingerprint, DateTimeOffset firstHeartbeat)
{
    public string Id { get; } = id;

    public string Fingerprint { get; } = fingerprint;

    public DateTimeOffset NextHeartbeat { get; set; } = firstHeartbeat;

    /// <summary>In join order (oldest first).</summary>
    public List<MemberState> Members { get; } = [];

    /// <summary>In issue order.</summary>
    public List<TokenRecord> Tokens { get; } = [];

    public MemberState? FindMember(string name) => Members.Find(m => m.Name == name);

    public void PurgeExpiredTokens(DateTimeOffset now) => Tokens.RemoveAll(t => t.IsExpiredAt(now));
}

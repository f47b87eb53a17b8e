namespace Charm.Simulator.Microcluster;

/// <summary>One fake cluster at one instant.</summary>
/// <param name="Id">The simulator's name for the cluster (<c>cluster-1</c>, <c>cluster-2</c>, … in bootstrap order).</param>
/// <param name="Fingerprint">The hex SHA-256 fingerprint of the cluster certificate, as join tokens carry it.</param>
/// <param name="Members">The members, ordered by name.</param>
public sealed record ClusterSnapshot(string Id, string Fingerprint, IReadOnlyList<ClusterMemberSnapshot> Members);

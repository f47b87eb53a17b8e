namespace Charm.Simulator.Microcluster;

/// <summary>One member of a fake cluster at one instant, with the fields <c>list -f json</c> prints.</summary>
/// <param name="Name">The member name (the host name it bootstrapped or joined from).</param>
/// <param name="Address">The member's cluster address, <c>10.x.y.z:port</c>.</param>
/// <param name="Certificate">The member's (fake) PEM certificate.</param>
/// <param name="Role">One of <see cref="MicroclusterRole"/>.</param>
/// <param name="SchemaInternalVersion">The internal schema version.</param>
/// <param name="SchemaExternalVersion">The external schema version.</param>
/// <param name="LastHeartbeat">The last heartbeat that reached the member; <see langword="null"/> before the first.</param>
/// <param name="Status">One of <see cref="MicroclusterMemberStatus"/>.</param>
/// <param name="Extensions">The API extensions the member advertises.</param>
/// <param name="ExtraArguments">The words given after <c>bootstrap</c> or after the token of <c>join</c>.</param>
public sealed record ClusterMemberSnapshot(
    string Name,
    string Address,
    string Certificate,
    string Role,
    int SchemaInternalVersion,
    int SchemaExternalVersion,
    DateTimeOffset? LastHeartbeat,
    string Status,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<string> ExtraArguments);

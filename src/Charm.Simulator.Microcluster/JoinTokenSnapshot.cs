namespace Charm.Simulator.Microcluster;

/// <summary>
/// An outstanding join token, described without its secret: safe to print in a report.
/// </summary>
/// <param name="ClusterId">The cluster the token joins.</param>
/// <param name="Name">The host name the token was issued for.</param>
/// <param name="IssuedBy">The member that ran <c>add</c>.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
/// <param name="Expired">Whether it had expired when the snapshot was taken (expired tokens linger until purged).</param>
public sealed record JoinTokenSnapshot(
    string ClusterId,
    string Name,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    bool Expired);

using System.Globalization;
using System.Text;

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// One member as <c>&lt;cli&gt; list -f json</c> reports it. Fields missing from the output (or of an unexpected type)
/// take their defaults: empty strings, <see langword="null"/> numbers and time, no extensions.
/// </summary>
/// <remarks>
/// Equality compares every property, <see cref="Extensions"/> element by element. <see cref="ToString"/> never prints
/// <see cref="Secret"/> (only whether there is one) nor the certificate text.
/// </remarks>
internal sealed record ClusterMember
{
    /// <summary>The role microcluster gives a member that takes part in dqlite consensus: <c>voter</c>.</summary>
    public const string VoterRole = "voter";

    /// <summary>The role of a member not yet given a dqlite role: <c>PENDING</c>.</summary>
    public const string PendingRole = "PENDING";

    /// <summary>The status of a member that answered: <c>ONLINE</c>.</summary>
    public const string OnlineStatus = "ONLINE";

    /// <summary>The member's name (its host name), never empty.</summary>
    public required string Name { get; init; }

    /// <summary>The member's address and port, e.g. <c>10.0.0.1:6443</c>, as given (empty if missing).</summary>
    public string Address { get; init; } = string.Empty;

    /// <summary>The member's certificate (PEM), as given (empty if missing).</summary>
    public string Certificate { get; init; } = string.Empty;

    /// <summary>The role exactly as given: <c>voter</c>, <c>stand-by</c>, <c>spare</c>, <c>PENDING</c>, or <c>""</c> (empty if missing).</summary>
    public string Role { get; init; } = string.Empty;

    /// <summary>The status exactly as given: <c>ONLINE</c>, <c>UNREACHABLE</c>, <c>NOT TRUSTED</c>, … (empty if missing).</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The internal schema version, or <see langword="null"/> when missing or not a 32-bit integer.</summary>
    public int? SchemaInternalVersion { get; init; }

    /// <summary>The external (application) schema version, or <see langword="null"/> when missing or not a 32-bit integer.</summary>
    public int? SchemaExternalVersion { get; init; }

    /// <summary>The last heartbeat, or <see langword="null"/> when missing or not an ISO 8601 time. Go's zero time (<c>0001-01-01T00:00:00Z</c>) is kept as given.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>The API extensions the member advertises (string elements only), in order.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>The <c>secret</c> field as given (normally empty in <c>list</c> output); sensitive, never printed by <see cref="ToString"/>.</summary>
    public string Secret { get; init; } = string.Empty;

    /// <summary>Whether the role is exactly <c>voter</c> (ordinal; <c>""</c>, <c>voters</c> or <c>Voter</c> are not voters).</summary>
    public bool IsVoter => string.Equals(Role, VoterRole, StringComparison.Ordinal);

    /// <summary>Whether the role is exactly <c>PENDING</c>: a new member not yet given a dqlite role.</summary>
    public bool IsPending => string.Equals(Role, PendingRole, StringComparison.Ordinal);

    /// <summary>Whether the status is exactly <c>ONLINE</c>.</summary>
    public bool IsOnline => string.Equals(Status, OnlineStatus, StringComparison.Ordinal);

    /// <inheritdoc />
    public bool Equals(ClusterMember? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && string.Equals(Certificate, other.Certificate, StringComparison.Ordinal)
        && string.Equals(Role, other.Role, StringComparison.Ordinal)
        && string.Equals(Status, other.Status, StringComparison.Ordinal)
        && SchemaInternalVersion == other.SchemaInternalVersion
        && SchemaExternalVersion == other.SchemaExternalVersion
        && Nullable.Equals(LastHeartbeat, other.LastHeartbeat)
        && Extensions.SequenceEqual(other.Extensions, StringComparer.Ordinal)
        && string.Equals(Secret, other.Secret, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(Address, StringComparer.Ordinal);
        hash.Add(Role, StringComparer.Ordinal);
        hash.Add(Status, StringComparer.Ordinal);
        hash.Add(SchemaInternalVersion);
        hash.Add(SchemaExternalVersion);
        hash.Add(LastHeartbeat);
        hash.Add(Extensions.Count);
        return hash.ToHashCode();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name)
            .Append(", Address = ").Append(Address)
            .Append(", Role = ").Append(Role)
            .Append(", Status = ").Append(Status)
            .Append(", SchemaInternalVersion = ").Append(SchemaInternalVersion?.ToString(CultureInfo.InvariantCulture) ?? "null")
            .Append(", SchemaExternalVersion = ").Append(SchemaExternalVersion?.ToString(CultureInfo.InvariantCulture) ?? "null")
            .Append(", LastHeartbeat = ").Append(LastHeartbeat?.ToString("O", CultureInfo.InvariantCulture) ?? "null")
            .Append(", Extensions = [").Append(string.Join(", ", Extensions)).Append(']')
            .Append(", Certificate = ").Append(Certificate.Length == 0 ? "(none)" : "(" + Certificate.Length.ToString(CultureInfo.InvariantCulture) + " characters)")
            .Append(", Secret = ").Append(Secret.Length == 0 ? "(none)" : Redactor.Placeholder);
        return true;
    }
}

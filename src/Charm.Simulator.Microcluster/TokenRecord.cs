namespace Charm.Simulator.Microcluster;

/// <summary>A join token as the fake daemon stores it: the name it was issued for and its secret.</summary>
internal sealed class TokenRecord(string name, string secret, string issuedBy, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    public string Name { get; } = name;

    public string Secret { get; } = secret;

    public string IssuedBy { get; } = issuedBy;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    /// <summary>Settable so that a test can expire every token at once.</summary>
    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}

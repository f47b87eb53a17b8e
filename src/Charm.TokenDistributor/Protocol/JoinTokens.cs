using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// What the protocol knows of a microcluster join token: standard base64 of a JSON object that carries a <c>secret</c>
/// (docs/microcluster-cli.md); its fingerprint; and the texts a log line or message must never hold.
/// </summary>
internal static class JoinTokens
{
    /// <summary>
    /// How many fingerprints <see cref="Fingerprint"/> computed on this thread. Each is a SHA-256, which on Linux loads and
    /// initialises OpenSSL the first time in a process (several milliseconds of CPU in a hook's short-lived process), so
    /// tests pin with it that a hook hashes no token it has no use for.
    /// </summary>
    [ThreadStatic]
    internal static int FingerprintsOnThisThread;

    /// <summary>How many characters a fingerprint has.</summary>
    public const int FingerprintLength = 16;

    /// <summary>
    /// Whether a mirrored value is a join token, not the <c>empty</c> placeholder, the joined marker or other mirrored data.
    /// </summary>
    public static bool LooksLikeToken(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length >= 16 && value != WireKeys.Empty && value != WireKeys.JoinedMarker && TryGetSecret(value, out _);
    }

    /// <summary>
    /// The fingerprint of a token as <see cref="WireKeys.TokenFingerprintsKey"/> and <see cref="WireKeys.RenouncedTokensKey"/>
    /// carry it: the first 16 lowercase hex digits of the SHA-256 of its UTF-8 bytes. It does not reveal the token.
    /// </summary>
    public static string Fingerprint(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        FingerprintsOnThisThread++;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..FingerprintLength];
    }

    /// <summary>The token as given and trimmed, and the <c>secret</c> inside it when it decodes as a join token.</summary>
    public static List<string> SecretsOf(string token)
    {
        var trimmed = token.Trim();
        var secrets = new List<string> { token, trimmed };
        if (TryGetSecret(trimmed, out var secret) && secret.ValueKind == JsonValueKind.String)
        {
            try
            {
                if (secret.GetString() is { Length: > 0 } text)
                {
                    secrets.Add(text);
                }
            }
            catch (InvalidOperationException)
            {
                // A secret that is not readable text: only the token itself is secret.
            }
        }

        return secrets;
    }

    /// <summary>
    /// The <c>secret</c> member of <paramref name="value"/> when it decodes as a join token (base64 white space is ignored,
    /// as <see cref="Convert"/> does); <see langword="false"/> for anything else.
    /// </summary>
    private static bool TryGetSecret(string value, out JsonElement secret) => TryGetMember(value, "secret", out secret);

    /// <summary>How many characters a cluster certificate fingerprint has: the hex of a SHA-256.</summary>
    public const int ClusterFingerprintLength = 64;

    /// <summary>
    /// The cluster certificate fingerprint a join token carries (its <c>fingerprint</c> member, canonical/microcluster's
    /// token type), lowercased; <see langword="null"/> when the value is no token or the member is not 64 hex digits.
    /// </summary>
    public static string? ClusterFingerprintOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!TryGetMember(token.Trim(), "fingerprint", out var member) || member.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = member.GetString()?.ToLowerInvariant();
        return text is not null && IsClusterFingerprint(text) ? text : null;
    }

    /// <summary>Whether <paramref name="value"/> is a cluster certificate fingerprint as the wire carries it: 64 lowercase hex digits.</summary>
    public static bool IsClusterFingerprint(string? value)
        => value is { Length: ClusterFingerprintLength } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static bool TryGetMember(string value, string name, out JsonElement secret)
    {
        secret = default;
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var member))
            {
                secret = member.Clone();
                return true;
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Not JSON (or not readable text): not a join token.
        }

        return false;
    }
}

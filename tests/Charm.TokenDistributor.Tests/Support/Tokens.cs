using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Charm.TokenDistributor.Tests.Support;

/// <summary>Join-token-shaped values for tests that need one no cluster issued (a mirror value, a line of CLI output).</summary>
internal static class Tokens
{
    /// <summary>The cluster certificate fingerprint a <see cref="Shaped"/> token carries unless told otherwise.</summary>
    public const string ClusterFingerprint = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    /// <summary>
    /// A value shaped as microcluster's join tokens are (base64 of a JSON object with the secret, fingerprint and join
    /// addresses), deterministic in <paramref name="name"/> and <paramref name="serial"/>, naming the cluster whose
    /// certificate has <paramref name="fingerprint"/>; no cluster knows its secret.
    /// </summary>
    public static string Shaped(string name, int serial, string fingerprint = ClusterFingerprint)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(
            "{\"secret\":\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + "#" + serial.ToString(CultureInfo.InvariantCulture))))
            + "\",\"fingerprint\":\"" + fingerprint + "\",\"join_addresses\":[\"10.0.0.1:7443\"]}"));

    /// <summary>The <c>secret</c> inside a join token, which must never leak either.</summary>
    public static string SecretOf(string token)
    {
        using var document = JsonDocument.Parse(Convert.FromBase64String(token));
        return document.RootElement.GetProperty("secret").GetString()!;
    }
}

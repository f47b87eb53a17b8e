using System.Security.Cryptography;
using System.Text;

namespace Charm.Simulator.Microcluster;

/// <summary>
/// A certificate-shaped PEM whose body is random bytes: enough for fields and fingerprints, no real crypto needed.
/// </summary>
internal static class FakeCertificate
{
    private const string Begin = "-----BEGIN CERTIFICATE-----\n";
    private const string End = "-----END CERTIFICATE-----\n";

    public static string Create(Random random)
    {
        var der = new byte[384];
        random.NextBytes(der);
        string body = Convert.ToBase64String(der);
        var pem = new StringBuilder(Begin, Begin.Length + body.Length + (body.Length / 64) + End.Length + 1);
        for (int i = 0; i < body.Length; i += 64)
        {
            pem.Append(body, i, Math.Min(64, body.Length - i)).Append('\n');
        }

        return pem.Append(End).ToString();
    }

    /// <summary>The hex SHA-256 of the DER bytes, as <c>shared.CertFingerprint</c> computes it.</summary>
    public static string Fingerprint(string pem)
    {
        string body = pem.Replace(Begin, string.Empty, StringComparison.Ordinal)
            .Replace(End, string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(body)));
    }
}

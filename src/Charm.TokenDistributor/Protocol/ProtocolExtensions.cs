using System.Security.Cryptography;
using System.Text;

namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// Keys and values of this project's extensions to the v0 protocol. Each side advertises the extensions it speaks in
/// its own unit databag; an extension is used only when the peer advertises it too, so a seed (LIBPATCH 2) or v0.8
/// peer sees exactly the v0 protocol. None of these keys contains <c>mirror-</c>, so no v0 provider copies them.
/// </summary>
public static class ProtocolExtensions
{
    /// <summary>The unit-databag key listing the extensions a unit speaks, comma-separated.</summary>
    public const string AdvertisementKey = "token-distributor-extensions";

    /// <summary>
    /// Consumed-token clean-up: once a host is a cluster member, the communicator replaces the token it published for
    /// that host with <see cref="JoinedMarker"/>, and the distributor mirrors the marker, so a used token does not
    /// stay readable in relation data. The distributor also prunes the keys of departed hosts.
    /// </summary>
    public const string ConsumedTokens = "consumed-tokens";

    /// <summary>
    /// Bootstrap grant: the distributor's leader names, in its application databag (<see cref="BootstrapUnitKey"/>), the
    /// one consumer unit that may bootstrap the cluster, and moves the grant only once that unit has departed and no
    /// related unit can be a cluster member any more. A consumer unit bootstraps only while the grant names it, whoever
    /// leads its application; every join token the distributor mirrors is recorded by fingerprint
    /// (<see cref="TokenFingerprintsKey"/>), and a consumer unit publishes the tokens it will never use
    /// (<see cref="RenouncedTokensKey"/>) and whether it is a member (<see cref="ClusterMemberKey"/>).
    /// </summary>
    public const string BootstrapGrant = "bootstrap-grant";

    /// <summary>What this project's units advertise.</summary>
    public const string Advertised = ConsumedTokens + "," + BootstrapGrant;

    /// <summary>
    /// <see cref="BootstrapGrant"/>: the distributor application-databag key (on the relation of the bootstrap
    /// application) naming the consumer unit that may bootstrap, e.g. <c>workload/0</c>.
    /// </summary>
    public const string BootstrapUnitKey = "cluster-bootstrap-unit";

    /// <summary>
    /// <see cref="BootstrapGrant"/>: the distributor application-databag key recording, for each host, the fingerprints
    /// (<see cref="TokenFingerprint"/>) of the join tokens the distributor has mirrored for it: a JSON object from host
    /// name to an array of fingerprints, oldest first. Written in the same hook that mirrors the token, so a unit can
    /// only have seen a token whose fingerprint is recorded.
    /// </summary>
    public const string TokenFingerprintsKey = "cluster-token-fingerprints";

    /// <summary><see cref="BootstrapGrant"/>: the consumer unit-databag key that is <see cref="Yes"/> while the unit is a cluster member.</summary>
    public const string ClusterMemberKey = "cluster-member";

    /// <summary>The value of <see cref="ClusterMemberKey"/> on a member.</summary>
    public const string Yes = "yes";

    /// <summary>
    /// <see cref="BootstrapGrant"/>: the consumer unit-databag key listing, comma-separated, the fingerprints of the join
    /// tokens the unit will never use (rejected by the cluster, or expired while it was verifiably not a member).
    /// </summary>
    public const string RenouncedTokensKey = "renounced-tokens";

    /// <summary>The value that replaces a token its host has used.</summary>
    public const string JoinedMarker = "joined";

    /// <summary>
    /// The consumer application-databag key the bootstrapping leader writes in the same hook as the bootstrap (its
    /// value: the unit that bootstrapped). A later leader never bootstraps while it exists: the split-brain guard.
    /// </summary>
    public const string BootstrappedByKey = "cluster-bootstrapped-by";

    /// <summary>
    /// The fingerprint of a join token as <see cref="TokenFingerprintsKey"/> and <see cref="RenouncedTokensKey"/> carry
    /// it: the first 16 lowercase hex digits of the SHA-256 of its UTF-8 bytes. It does not reveal the token.
    /// </summary>
    /// <param name="token">A join token.</param>
    /// <returns>16 hex digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public static string TokenFingerprint(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
    }

    /// <summary>
    /// Whether a mirrored value is a microcluster join token (standard base64 of a JSON object with a <c>secret</c>), not
    /// the <c>empty</c> placeholder, the joined marker or other mirrored data.
    /// </summary>
    /// <param name="value">A mirrored value.</param>
    /// <returns>Whether it decodes as a join token.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static bool LooksLikeJoinToken(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length >= 16 && value != MirrorKeys.Empty && value != JoinedMarker && JoinTokenFormat.TryGetSecret(value, out _);
    }

    /// <summary>Whether <paramref name="advertisement"/> (a databag value) lists <paramref name="extension"/>.</summary>
    public static bool Lists(string? advertisement, string extension)
    {
        if (string.IsNullOrEmpty(advertisement))
        {
            return false;
        }

        foreach (var part in advertisement.Split(','))
        {
            if (part.Trim() == extension)
            {
                return true;
            }
        }

        return false;
    }
}

namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// Every relation-data key and value of the token distributor protocol, byte for byte as it is on the wire: v0 (the
/// seed library, LIBPATCH 2, and v0.8's <see cref="BootstrapAppKey"/>), then this project's extensions and its own
/// bookkeeping (docs/protocol.md, "Keys" and "The project's extensions"). No other file spells a wire key.
/// </summary>
internal static class WireKeys
{
    // ---- v0 ----

    /// <summary>The prefix of every mirrored key: <c>mirror-&lt;hostname&gt;</c> holds the join token for that host.</summary>
    public const string MirrorPrefix = "mirror-";

    /// <summary>The placeholder the distributor writes for a host that has no token yet.</summary>
    public const string Empty = "empty";

    /// <summary>The unit key saying whether a unit is the mirror (distributor) or the communicator (consumer).</summary>
    public const string MirrorKey = "mirror";

    /// <summary>The value of <see cref="MirrorKey"/> on the active mirror or communicator.</summary>
    public const string Up = "up";

    /// <summary>The value of <see cref="MirrorKey"/> on a unit that stopped being the mirror or communicator.</summary>
    public const string Down = "down";

    /// <summary>The consumer unit key holding the unit's node name (<c>uname -n</c>).</summary>
    public const string HostnameKey = "hostname";

    /// <summary>The distributor application key naming the one consumer application allowed to bootstrap (v0.8).</summary>
    public const string BootstrapAppKey = "bootstrap-app";

    // ---- the extensions' advertisement ----

    /// <summary>The unit key listing, comma-separated, the extensions a unit speaks.</summary>
    public const string ExtensionsKey = "token-distributor-extensions";

    /// <summary>
    /// The consumed-tokens extension: the communicator replaces a used token with <see cref="JoinedMarker"/> and forgets
    /// what the distributor no longer mirrors; the distributor prunes the keys of departed hosts.
    /// </summary>
    public const string ConsumedTokens = "consumed-tokens";

    /// <summary>
    /// The bootstrap-grant extension: the distributor's leader names the one consumer unit that may bootstrap
    /// (<see cref="BootstrapUnitKey"/>) and moves the grant only once that unit departed and no related unit can be a member.
    /// </summary>
    public const string BootstrapGrant = "bootstrap-grant";

    /// <summary>
    /// The cluster-binding extension: consumer members publish the fingerprint of their cluster's certificate
    /// (<see cref="ClusterFingerprintKey"/>), the distributor's leader relays the bootstrapper's
    /// (<see cref="BoundFingerprintKey"/>), and a consumer joins only with a token of that cluster and never bootstraps
    /// while one is relayed.
    /// </summary>
    public const string ClusterBinding = "cluster-binding";

    /// <summary>What this project's units advertise in <see cref="ExtensionsKey"/>.</summary>
    public const string Advertised = ConsumedTokens + "," + BootstrapGrant + "," + ClusterBinding;

    // ---- consumed-tokens ----

    /// <summary>The value that replaces a token its host has used.</summary>
    public const string JoinedMarker = "joined";

    // ---- bootstrap-grant ----

    /// <summary>The distributor application key (relation of the bootstrap application) naming the unit that may bootstrap.</summary>
    public const string BootstrapUnitKey = "cluster-bootstrap-unit";

    /// <summary>
    /// The distributor application key recording, per host, the fingerprints of the join tokens mirrored for it: a JSON
    /// object from host to an array of fingerprints, oldest first (<see cref="RecordCodec"/>).
    /// </summary>
    public const string TokenFingerprintsKey = "cluster-token-fingerprints";

    /// <summary>The consumer unit key that is <see cref="Yes"/> while the unit is a cluster member.</summary>
    public const string ClusterMemberKey = "cluster-member";

    /// <summary>The value of <see cref="ClusterMemberKey"/> on a member.</summary>
    public const string Yes = "yes";

    /// <summary>The consumer unit key listing, comma-separated, the fingerprints of the tokens the unit will never use.</summary>
    public const string RenouncedTokensKey = "renounced-tokens";

    /// <summary>
    /// The distributor application key (every relation of the endpoint) listing, comma-separated and in ordinal order, the
    /// fingerprints of the tokens it mirrors now that the unit publishing their host renounced: the communicator re-issues
    /// for each in its next hook. Absent when there are none.
    /// </summary>
    public const string RenouncedRelayKey = "cluster-renounced-tokens";

    // ---- cluster-binding ----

    /// <summary>
    /// The consumer unit key holding, while the unit is a member, the fingerprint of its cluster's certificate (64
    /// lowercase hex digits, the <c>fingerprint</c> of the tokens that cluster mints).
    /// </summary>
    public const string ClusterFingerprintKey = "cluster-fingerprint";

    /// <summary>
    /// The value of <see cref="ClusterFingerprintKey"/> on a member that knows no fingerprint and will not learn one from a
    /// first token (it was a member before the extension): a bootstrapper saying it tells the distributor not to wait for it.
    /// </summary>
    public const string UnknownFingerprint = "unknown";

    /// <summary>
    /// The distributor application key (every relation of the endpoint) holding the cluster certificate fingerprint its
    /// leader relays: the bootstrapper's report, kept until the bootstrap grant moves. Absent until one is known.
    /// </summary>
    public const string BoundFingerprintKey = "cluster-bound-fingerprint";

    // ---- this project's bookkeeping (read by no v0 peer: no mirror- in the name, and in application databags) ----

    /// <summary>The consumer application key the bootstrapping leader writes with the bootstrap: the v0 split-brain guard.</summary>
    public const string BootstrappedByKey = "cluster-bootstrapped-by";

    /// <summary>
    /// The distributor application key (every relation of the endpoint) recording, per mirrored host, the consumer unit
    /// publishing it, or <c>""</c> once that unit was seen departing: a JSON object (<see cref="RecordCodec"/>).
    /// </summary>
    public const string HostUnitsKey = "cluster-host-units";

    /// <summary>The mirrored key of <paramref name="name"/> (a host name or another mirrored key): <c>mirror-&lt;name&gt;</c>.</summary>
    public static string MirrorKeyOf(string name) => MirrorPrefix + name;

    /// <summary>Whether <paramref name="key"/> is a mirrored key (starts with <see cref="MirrorPrefix"/>, ordinal).</summary>
    public static bool IsMirrorKey(string key) => key.StartsWith(MirrorPrefix, StringComparison.Ordinal);

    /// <summary>The name in a mirrored key: <c>mirror-machine-0</c> gives <c>machine-0</c>.</summary>
    /// <returns>Whether <paramref name="key"/> is a mirrored key; <paramref name="name"/> is <c>""</c> when not.</returns>
    public static bool TryGetMirroredName(string key, out string name)
    {
        var mirrored = IsMirrorKey(key);
        name = mirrored ? key[MirrorPrefix.Length..] : string.Empty;
        return mirrored;
    }

    /// <summary>
    /// Whether a unit may write <paramref name="key"/> (or <c>mirror-</c> + it): Juju refuses a key with white space or
    /// <c>=</c>. Any unit can publish any host name or mirrored key, so one bad value must be skipped, not fail the hook.
    /// </summary>
    public static bool IsWritableKey(string key) => !key.Any(char.IsWhiteSpace) && !key.Contains('=', StringComparison.Ordinal);
}

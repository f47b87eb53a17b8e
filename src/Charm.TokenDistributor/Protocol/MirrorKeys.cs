namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// The relation-data keys and values of the token distributor protocol (see <c>docs/protocol.md</c>, "Keys"). Every
/// value here is on the wire, byte for byte as the Python library writes it.
/// </summary>
public static class MirrorKeys
{
    /// <summary>The prefix of every mirrored key: <c>mirror-</c>. <c>mirror-&lt;hostname&gt;</c> holds the join token for that host.</summary>
    public const string Prefix = "mirror-";

    /// <summary>The placeholder the distributor writes for a host that has no token yet: <c>empty</c>.</summary>
    public const string Empty = "empty";

    /// <summary>The unit key that says whether a unit is a mirror (distributor) or the communicator (consumer): <c>mirror</c>.</summary>
    public const string MirrorKey = "mirror";

    /// <summary>The consumer unit key holding the unit's node name (<c>uname -n</c>): <c>hostname</c>.</summary>
    public const string HostnameKey = "hostname";

    /// <summary>The value of <see cref="MirrorKey"/> on an active mirror or communicator: <c>up</c>.</summary>
    public const string Up = "up";

    /// <summary>The value of <see cref="MirrorKey"/> on a unit that stopped being a mirror or communicator: <c>down</c>.</summary>
    public const string Down = "down";

    /// <summary>
    /// The distributor application key naming the one consumer application allowed to bootstrap a cluster:
    /// <c>bootstrap-app</c> (added upstream in LIBPATCH 8).
    /// </summary>
    public const string BootstrapAppKey = "bootstrap-app";

    /// <summary>The mirrored key for <paramref name="hostOrKey"/>: <c>mirror-</c> followed by it, unchanged.</summary>
    /// <param name="hostOrKey">A host name, or any other key to mirror.</param>
    /// <returns><see cref="Prefix"/> + <paramref name="hostOrKey"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hostOrKey"/> is <see langword="null"/>.</exception>
    public static string MirrorId(string hostOrKey)
    {
        ArgumentNullException.ThrowIfNull(hostOrKey);
        return Prefix + hostOrKey;
    }

    /// <summary>Whether <paramref name="key"/> starts with <see cref="Prefix"/> (ordinal, case-sensitive).</summary>
    /// <param name="key">A relation-data key.</param>
    /// <returns><see langword="true"/> for <c>mirror-machine-0</c> (and for <c>mirror-</c> itself); <see langword="false"/> for <c>mirror</c> or <c>hostname</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static bool IsMirrorKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(Prefix, StringComparison.Ordinal);
    }

    /// <summary>The part of a mirrored key after <see cref="Prefix"/>: <c>mirror-machine-0</c> gives <c>machine-0</c>.</summary>
    /// <param name="key">A key for which <see cref="IsMirrorKey"/> holds.</param>
    /// <returns><paramref name="key"/> without its leading <see cref="Prefix"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> does not start with <see cref="Prefix"/>; use <see cref="TryStripPrefix"/> to test and strip at once.</exception>
    public static string StripPrefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TryStripPrefix(key, out var rest))
        {
            throw new ArgumentException($"'{key}' is not a mirrored key: it does not start with '{Prefix}'.", nameof(key));
        }

        return rest;
    }

    /// <summary>Strips <see cref="Prefix"/> from <paramref name="key"/> if it starts with it.</summary>
    /// <param name="key">A relation-data key.</param>
    /// <param name="rest">The key without the prefix, or <see cref="string.Empty"/> when it is not a mirrored key.</param>
    /// <returns>Whether <paramref name="key"/> is a mirrored key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static bool TryStripPrefix(string key, out string rest)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsMirrorKey(key))
        {
            rest = key[Prefix.Length..];
            return true;
        }

        rest = string.Empty;
        return false;
    }
}

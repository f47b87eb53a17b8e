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

    /// <summary>What this project's units advertise.</summary>
    public const string Advertised = ConsumedTokens;

    /// <summary>The value that replaces a token its host has used.</summary>
    public const string JoinedMarker = "joined";

    /// <summary>
    /// The consumer application-databag key the bootstrapping leader writes in the same hook as the bootstrap (its
    /// value: the unit that bootstrapped). A later leader never bootstraps while it exists: the split-brain guard.
    /// </summary>
    public const string BootstrappedByKey = "cluster-bootstrapped-by";

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

using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The host names the related consumer units publish now (the departing unit is no longer listed), each with the units
/// publishing it, and the ones that can be mirrored (<c>mirror-&lt;host&gt;</c> a key Juju accepts) in the order first seen.
/// </summary>
internal sealed record PublishedHosts(Dictionary<string, List<string>> Publishers, List<string> Mirrorable)
{
    /// <summary>The hosts published on <paramref name="relations"/>; each host that cannot be mirrored is logged once on <paramref name="log"/>.</summary>
    public static PublishedHosts Read(IReadOnlyList<Relation> relations, JujuLogger? log)
    {
        var publishers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var mirrorable = new List<string>();
        foreach (var relation in relations)
        {
            foreach (var unit in relation.Units)
            {
                if (relation.RemoteUnitData(unit)[WireKeys.HostnameKey] is not { } host)
                {
                    continue;
                }

                if (publishers.TryGetValue(host, out var units))
                {
                    units.Add(unit);
                    continue;
                }

                publishers[host] = [unit];
                if (WireKeys.IsWritableKey(host))
                {
                    mirrorable.Add(host);
                }
                else
                {
                    // mirror-<host> could not be a databag key: one malformed unit must not fail every hook of the mirror.
                    log?.Warning($"not mirroring {unit}: its hostname '{LogText.Remote(host)}' cannot be part of a databag key");
                }
            }
        }

        return new PublishedHosts(publishers, mirrorable);
    }

    /// <summary>The published host names.</summary>
    public IReadOnlySet<string> Names => Publishers.Keys.ToHashSet(StringComparer.Ordinal);
}

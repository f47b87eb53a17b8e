using Charm.Framework.Model;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// Tells the communicator which mirrored tokens their hosts renounced (<see cref="WireKeys.RenouncedRelayKey"/>): a consumer
/// unit cannot read another consumer unit's databag, so the distributor, which reads them all, relays the fact, and the
/// communicator re-issues in its next hook instead of a token lifetime later (docs/protocol.md, "The bootstrap-grant
/// extension"). Only units of this project publish <see cref="WireKeys.RenouncedTokensKey"/>, so with v0 consumers the key
/// never appears.
/// </summary>
internal static class RenouncedRelay
{
    /// <summary>Writes the relay on every relation from what the mirror holds now (<paramref name="mirrored"/>, host → value).</summary>
    public static void Write(IReadOnlyList<Relation> relations, Dictionary<string, string> mirrored)
    {
        var renounced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            foreach (var unit in relation.Units)
            {
                var data = relation.RemoteUnitData(unit);
                if (data[WireKeys.HostnameKey] is not { } host || data[WireKeys.RenouncedTokensKey] is not { } list
                    || !mirrored.TryGetValue(host, out var value) || !JoinTokens.LooksLikeToken(value))
                {
                    continue;
                }

                var fingerprint = JoinTokens.Fingerprint(value);
                if (list.Split(',').Any(f => f.Trim() == fingerprint))
                {
                    renounced.Add(fingerprint);
                }
            }
        }

        var text = renounced.Count > 0 ? string.Join(',', renounced) : null;
        foreach (var relation in relations)
        {
            if (relation.LocalAppData[WireKeys.RenouncedRelayKey] != text)
            {
                relation.LocalAppData[WireKeys.RenouncedRelayKey] = text;
            }
        }
    }
}

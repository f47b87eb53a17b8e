using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The distributor's own unit databag on every relation of its endpoint. On the leader it is the mirror: the seed's copy
/// of the communicator's <c>mirror-*</c> values, <c>mirror-&lt;host&gt;=empty</c> for every published host, and the
/// pruned hosts dropped. On any other unit it is taken down (docs/protocol.md, "Provider behaviour (seed, v0.8)").
/// </summary>
internal static class MirrorCopy
{
    /// <summary>
    /// Writes the mirror on every relation and returns what it holds afterwards (name → value; a name on several
    /// relations takes the value of the last), read once before writing and kept up to date with each write. The
    /// <paramref name="foreign"/> hosts (isolated relations: published on another relation only) are never copied and
    /// their held keys are deleted. <paramref name="provenance"/> says which values may be taken from units that speak the
    /// cluster binding.
    /// </summary>
    public static Dictionary<string, string> Mirror(IReadOnlyList<Relation> relations, PublishedHosts hosts, HashSet<string> pruned, JujuLogger log, Provenance provenance, HashSet<string>? foreign = null)
    {
        foreign ??= [];
        var offered = Offered(relations, hosts, foreign.Count == 0 ? pruned : [.. pruned, .. foreign], log, provenance);
        var mirrored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            var own = new OwnMirror(relation.LocalUnitData);
            relation.LocalUnitData[WireKeys.MirrorKey] = WireKeys.Up;
            foreach (var (name, values, negotiated) in offered)
            {
                if (Chosen(own, name, values, negotiated) is { } value)
                {
                    own.Set(name, value);
                }
            }

            foreach (var host in hosts.Mirrorable.Where(h => !own.Holds(h)))
            {
                log.Info($"added {LogText.Remote(WireKeys.MirrorKeyOf(host))} to mirror");
                own.Set(host, WireKeys.Empty);
            }

            foreach (var host in pruned.Where(own.Holds))
            {
                log.Info($"removed {LogText.Remote(WireKeys.MirrorKeyOf(host))} from mirror: no related unit publishes {LogText.Remote(host)} any more");
                own.Set(host, null);
            }

            foreach (var host in foreign.Where(own.Holds))
            {
                log.Info($"removed {LogText.Remote(WireKeys.MirrorKeyOf(host))} from relation {relation.Id.Number}: relations are isolated and only another relation's units publish {LogText.Remote(host)}");
                own.Set(host, null);
            }

            foreach (var (name, value) in own.Held)
            {
                mirrored[name] = value;
            }
        }

        return mirrored;
    }

    /// <summary>
    /// A non-leader: <c>mirror=down</c> where it was set, and the keys of the hosts this unit saw depart
    /// (<paramref name="departed"/>) dropped. A unit that mirrored as leader keeps what it mirrored (as the seed does); no
    /// peer reads it while it says <c>down</c>, but a departed host's key would stay for ever, since only a leader prunes.
    /// </summary>
    public static void TakeDown(IReadOnlyList<Relation> relations, HashSet<string> departed, JujuLogger log)
    {
        foreach (var relation in relations)
        {
            var own = relation.LocalUnitData;
            if (own[WireKeys.MirrorKey] is { } mirror && mirror != WireKeys.Down)
            {
                own[WireKeys.MirrorKey] = WireKeys.Down;
            }

            foreach (var host in departed)
            {
                var key = WireKeys.MirrorKeyOf(host);
                if (own.ContainsKey(key))
                {
                    log.Info($"removed {LogText.Remote(key)}, kept from when this unit was the mirror: {LogText.Remote(host)} departed");
                    own.Remove(key);
                }
            }
        }
    }

    /// <summary>
    /// The value to write for <paramref name="name"/>, or <see langword="null"/> to keep what this unit holds
    /// (docs/protocol.md, "In this project"). A real value wins over the placeholder. A different real value replaces the
    /// held one only when a communicator that negotiated <c>consumed-tokens</c> offers it (this project's consumer, which
    /// re-issues tokens and so needs them to reach their host); from v0 communicators (seed, v0.8) it is v0.8's rule: a
    /// held real value is kept, and among different new values the first seen wins.
    /// </summary>
    private static string? Chosen(OwnMirror own, string name, List<string> values, List<string> negotiated)
    {
        var real = negotiated.Where(v => v != WireKeys.Empty).ToList();
        if (real.Count > 0)
        {
            return Corroboration.Corroborate(real, WireKeys.Empty);
        }

        var held = own.Value(name);
        if (held is not null && held != WireKeys.Empty)
        {
            return null;
        }

        return values.FirstOrDefault(v => v != WireKeys.Empty) ?? (held is null ? WireKeys.Empty : null);
    }

    /// <summary>
    /// What the communicators (remote units with <c>mirror=up</c>) offer across every relation, by name, first seen
    /// first, with the values offered by units that negotiated <c>consumed-tokens</c> apart; pruned hosts are never copied
    /// back, and a key this unit may not write is logged and skipped. Provenance (<see cref="FromOwnApplication"/>): a
    /// placeholder only for a host the offering relation's units publish, never a value for another relation's host.
    /// </summary>
    private static List<(string Name, List<string> Values, List<string> Negotiated)> Offered(IReadOnlyList<Relation> relations, PublishedHosts hosts, HashSet<string> pruned, JujuLogger log, Provenance provenance)
    {
        var offers = relations.SelectMany(r => provenance.Admit(r, FromOwnApplication(r, hosts, log), hosts, log).Select(o => (Offer: o, Negotiated: Negotiation.Lists(r.RemoteUnitData(o.Unit), WireKeys.ConsumedTokens))))
            .Where(o => Offerable(o.Offer, pruned, log))
            .ToList();
        var negotiated = MirrorReader.Group(offers.Where(o => o.Negotiated).Select(o => o.Offer)).ToDictionary(g => g.Name, g => g.Values, StringComparer.Ordinal);
        return MirrorReader.Group(offers.Select(o => o.Offer))
            .Select(g => (g.Name, g.Values, negotiated.GetValueOrDefault(g.Name) ?? []))
            .ToList();
    }

    private static bool Offerable(MirrorOffer offer, HashSet<string> pruned, JujuLogger log)
    {
        if (pruned.Contains(offer.Name))
        {
            return false;
        }

        if (!WireKeys.IsWritableKey(offer.Key))
        {
            // Not a key this unit may write: one malformed communicator must not fail every hook of the mirror.
            log.Warning($"not mirroring a key of {offer.Unit}: '{LogText.Remote(offer.Key)}' cannot be a databag key");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The offers of <paramref name="relation"/> this unit may mirror: a placeholder only for a host a unit of this
    /// relation publishes; a token for such a host, or for a host no related unit publishes (yet: a leader that took over
    /// may not see every unit its predecessor saw), but never for a host a unit of another relation publishes. The others
    /// are counted and reported once per unit.
    /// </summary>
    private static IEnumerable<MirrorOffer> FromOwnApplication(Relation relation, PublishedHosts hosts, JujuLogger log)
    {
        var units = relation.Units.ToHashSet(StringComparer.Ordinal);
        return Screen(
            MirrorReader.Offers(relation),
            offer =>
            {
                if (!hosts.Publishers.TryGetValue(offer.Name, out var publishers))
                {
                    return offer.Value != WireKeys.Empty;
                }

                return publishers.Any(units.Contains);
            },
            (unit, count) => log.Warning($"not mirroring {count} mirror-* key(s) of {unit}: placeholders for hosts no unit of its application publishes, or values for another application's hosts"));
    }

    /// <summary>
    /// The offers <paramref name="admits"/> passes, in their order; the others are counted per offering unit, and each such
    /// unit is reported once to <paramref name="report"/> (unit, count) after the last offer.
    /// </summary>
    internal static IEnumerable<MirrorOffer> Screen(IEnumerable<MirrorOffer> offers, Func<MirrorOffer, bool> admits, Action<string, int> report)
    {
        var refused = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var offer in offers)
        {
            if (admits(offer))
            {
                yield return offer;
            }
            else
            {
                refused[offer.Unit] = refused.GetValueOrDefault(offer.Unit) + 1;
            }
        }

        foreach (var (unit, count) in refused)
        {
            report(unit, count);
        }
    }

    /// <summary>This unit's mirrored keys on one relation: read once, then every write goes through here and is tracked.</summary>
    private sealed class OwnMirror
    {
        private readonly Databag _databag;

        public OwnMirror(Databag databag)
        {
            _databag = databag;
            foreach (var (key, value) in databag)
            {
                if (WireKeys.TryGetMirroredName(key, out var name))
                {
                    Held[name] = value;
                }
            }
        }

        /// <summary>What the databag holds under <c>mirror-*</c>, by name.</summary>
        public Dictionary<string, string> Held { get; } = new(StringComparer.Ordinal);

        public bool Holds(string name) => Held.ContainsKey(name);

        public string? Value(string name) => Held.GetValueOrDefault(name);

        /// <summary>Writes <c>mirror-&lt;name&gt;</c>; <see langword="null"/> or <c>""</c> deletes it, as in any databag.</summary>
        public void Set(string name, string? value)
        {
            _databag[WireKeys.MirrorKeyOf(name)] = value;
            if (string.IsNullOrEmpty(value))
            {
                Held.Remove(name);
            }
            else
            {
                Held[name] = value;
            }
        }
    }
}

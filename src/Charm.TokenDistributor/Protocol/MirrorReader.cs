using Charm.Framework.Model;

namespace Charm.TokenDistributor.Protocol;

/// <summary>One mirrored value a mirror offers: the unit, the key (<c>mirror-&lt;name&gt;</c>), the name and the value.</summary>
internal readonly record struct MirrorOffer(string Unit, string Key, string Name, string Value);

/// <summary>
/// Reading mirrors, for both roles: the consumer reads the distributor's mirror (the seed's <c>find_mirrors</c>,
/// <c>find_value</c>, <c>any_data_exists</c>, <c>get_relevant_mirror_data</c>), the distributor's leader reads what the
/// communicator offers; both corroborate what several mirrors hold (docs/protocol.md, "Consumer behaviour (seed, v0.8)").
/// </summary>
internal static class MirrorReader
{
    /// <summary>The remote units whose <c>mirror</c> key is <c>up</c>, in Juju's order.</summary>
    public static IReadOnlyList<string> Mirrors(Relation relation)
        => relation.Units.Where(u => relation.RemoteUnitData(u)[WireKeys.MirrorKey] == WireKeys.Up).ToArray();

    /// <summary>Every <c>mirror-*</c> value of every mirror of <paramref name="relation"/>: mirrors in Juju's order, then each databag's keys.</summary>
    public static IEnumerable<MirrorOffer> Offers(Relation relation)
    {
        foreach (var unit in Mirrors(relation))
        {
            foreach (var (key, value) in relation.RemoteUnitData(unit))
            {
                if (WireKeys.TryGetMirroredName(key, out var name))
                {
                    yield return new MirrorOffer(unit, key, name, value);
                }
            }
        }
    }

    /// <summary>The offers' values grouped by name: names in the order first seen, each name's values in the order seen.</summary>
    public static List<(string Name, List<string> Values)> Group(IEnumerable<MirrorOffer> offers)
    {
        var groups = new List<(string Name, List<string> Values)>();
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var offer in offers)
        {
            if (!index.TryGetValue(offer.Name, out var values))
            {
                values = [];
                index[offer.Name] = values;
                groups.Add((offer.Name, values));
            }

            values.Add(offer.Value);
        }

        return groups;
    }

    /// <summary>
    /// The corroborated value of <c>mirror-&lt;name&gt;</c> across the mirrors, skipping missing values and, unless
    /// <paramref name="keepEmpty"/>, the <c>empty</c> placeholder; <see langword="null"/> when no mirror has one.
    /// </summary>
    public static string? FindValue(Relation relation, string name, bool keepEmpty)
    {
        var values = Offers(relation)
            .Where(o => o.Name == name && o.Value.Length > 0 && (keepEmpty || o.Value != WireKeys.Empty))
            .Select(o => o.Value)
            .ToList();
        return values.Count == 0 ? null : Corroboration.Corroborate(values, WireKeys.Empty);
    }

    /// <summary>
    /// Every mirrored name with its corroborated value across the mirrors, names in the order first seen; with
    /// <paramref name="keepEmpty"/> false, <c>empty</c> placeholders are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RelevantData(Relation relation, bool keepEmpty)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in Group(Offers(relation).Where(o => keepEmpty || o.Value != WireKeys.Empty)))
        {
            result[name] = Corroboration.Corroborate(values, WireKeys.Empty);
        }

        return result;
    }

    /// <summary>Whether any remote unit (a mirror or not) holds a <c>mirror-*</c> key with a value other than <c>empty</c>.</summary>
    public static bool AnyDataExists(Relation relation)
        => relation.Units.Any(u => relation.RemoteUnitData(u).Any(p => WireKeys.IsMirrorKey(p.Key) && p.Value != WireKeys.Empty));

    /// <summary>Publishes <paramref name="data"/> in this unit's databag as <c>mirror-&lt;name&gt;</c>, for the distributor to mirror.</summary>
    public static void Publish(Relation relation, IEnumerable<KeyValuePair<string, string>> data)
    {
        foreach (var (name, value) in data)
        {
            relation.LocalUnitData[WireKeys.MirrorKeyOf(name)] = value;
        }
    }
}

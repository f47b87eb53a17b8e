using Charm.Framework.Model;

namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// Reading the distributor's mirror from the consumer side, with the seed library's exact semantics
/// (<c>find_mirrors</c>, <c>find_value</c>, <c>any_data_exists</c>, <c>get_relevant_mirror_data</c>,
/// <c>add_to_mirror</c>).
/// </summary>
public static class Mirror
{
    /// <summary>The remote units whose <c>mirror</c> key is <c>up</c>, in Juju's order.</summary>
    public static IReadOnlyList<string> FindMirrors(Relation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return relation.Units.Where(u => relation.RemoteUnitData(u)[MirrorKeys.MirrorKey] == MirrorKeys.Up).ToArray();
    }

    /// <summary>
    /// The corroborated value of <c>mirror-&lt;key&gt;</c> across the mirrors, skipping missing values and, unless
    /// <paramref name="keepEmpty"/>, the <c>empty</c> placeholder; <see langword="null"/> when no mirror has one.
    /// </summary>
    public static string? FindValue(Relation relation, string key, bool keepEmpty = true)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var mirrorKey = MirrorKeys.MirrorId(key);
        var values = new List<string>();
        foreach (var unit in FindMirrors(relation))
        {
            var value = relation.RemoteUnitData(unit)[mirrorKey];
            if (!string.IsNullOrEmpty(value) && (keepEmpty || value != MirrorKeys.Empty))
            {
                values.Add(value);
            }
        }

        return values.Count == 0 ? null : Corroboration.Corroborate(values, MirrorKeys.Empty);
    }

    /// <summary>Whether any remote unit holds a <c>mirror-*</c> key with a value other than <c>empty</c>.</summary>
    public static bool AnyDataExists(Relation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        foreach (var unit in relation.Units)
        {
            foreach (var (key, value) in relation.RemoteUnitData(unit))
            {
                if (MirrorKeys.IsMirrorKey(key) && value != MirrorKeys.Empty)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Every mirrored key (without the prefix) with its corroborated value across the mirrors; with
    /// <paramref name="keepEmpty"/> false, <c>empty</c> placeholders are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RelevantData(Relation relation, bool keepEmpty = true)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var collected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var unit in FindMirrors(relation))
        {
            foreach (var (mirrorKey, value) in relation.RemoteUnitData(unit))
            {
                if (!MirrorKeys.TryStripPrefix(mirrorKey, out var key) || (!keepEmpty && value == MirrorKeys.Empty))
                {
                    continue;
                }

                if (!collected.TryGetValue(key, out var list))
                {
                    list = [];
                    collected[key] = list;
                    order.Add(key);
                }

                list.Add(value);
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in order)
        {
            result[key] = Corroboration.Corroborate(collected[key], MirrorKeys.Empty);
        }

        return result;
    }

    /// <summary>Publishes <paramref name="data"/> in this unit's databag as <c>mirror-&lt;key&gt;</c>, for the distributor to mirror.</summary>
    public static void AddToMirror(Relation relation, IEnumerable<KeyValuePair<string, string>> data)
    {
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (key, value) in data)
        {
            relation.LocalUnitData[MirrorKeys.MirrorId(key)] = value;
        }
    }
}

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>
/// Line-by-line ports of the seed library's (LIBPATCH 2) relation-data logic (its behaviour is in docs/protocol.md),
/// so interop tests can put a seed peer on the other side. Databags are plain dictionaries; insertion order is kept as
/// Python dicts keep it.
/// </summary>
internal static class SeedLibrary
{
    public const string MirrorPrefix = "mirror-";
    public const string EmptyString = "empty";

    /// <summary><c>corroborate(items, default)</c>.</summary>
    public static string Corroborate(IReadOnlyList<string> items, string @default = "")
    {
        if (items.Count == 0)
        {
            return @default;
        }

        if (items.Count == 1)
        {
            return items[0];
        }

        // Counter(...).most_common(1): the highest count, first inserted on a tie.
        var counts = new List<(string Item, int Count)>();
        foreach (var item in items.Where(i => i != @default))
        {
            var index = counts.FindIndex(c => c.Item == item);
            if (index < 0)
            {
                counts.Add((item, 1));
            }
            else
            {
                counts[index] = (item, counts[index].Count + 1);
            }
        }

        if (counts.Count == 0)
        {
            return @default;
        }

        var best = counts[0];
        foreach (var c in counts)
        {
            if (c.Count > best.Count)
            {
                best = c;
            }
        }

        return best.Item;
    }

    /// <summary><c>TokenDistributorProvides._handle_mirror(relation)</c> on the leader: writes into <paramref name="own"/>.</summary>
    public static void ProviderHandleMirror(IDictionary<string, string> own, IEnumerable<IReadOnlyDictionary<string, string>> units)
    {
        own["mirror"] = "up";
        foreach (var unit in units)
        {
            if (unit.TryGetValue("mirror", out var mirror) && mirror == "up")
            {
                foreach (var (k, v) in unit)
                {
                    if (k.Contains(MirrorPrefix, StringComparison.Ordinal))
                    {
                        own[k] = v;
                    }
                }
            }

            if (!unit.TryGetValue("hostname", out var hostname))
            {
                continue;
            }

            var mirrorKey = MirrorPrefix + hostname;
            if (!own.ContainsKey(mirrorKey))
            {
                own[mirrorKey] = EmptyString;
            }
        }
    }

    /// <summary><c>TokenConsumer.find_mirrors</c>.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> FindMirrors(IEnumerable<IReadOnlyDictionary<string, string>> units)
        => units.Where(u => u.TryGetValue("mirror", out var m) && m == "up").ToArray();

    /// <summary><c>TokenConsumer.find_value</c>; <see langword="null"/> for the seed's <c>False</c>.</summary>
    public static string? FindValue(IEnumerable<IReadOnlyDictionary<string, string>> units, string key, bool keepEmpty = true)
    {
        var values = FindMirrors(units)
            .Select(m => m.TryGetValue(MirrorPrefix + key, out var v) ? v : null)
            .Where(v => !string.IsNullOrEmpty(v) && (keepEmpty || v != EmptyString))
            .Select(v => v!)
            .ToArray();
        return values.Length == 0 ? null : Corroborate(values, EmptyString);
    }

    /// <summary><c>TokenConsumer.any_data_exists</c>.</summary>
    public static bool AnyDataExists(IEnumerable<IReadOnlyDictionary<string, string>> units)
        => units.Any(u => u.Any(p => p.Key.StartsWith(MirrorPrefix, StringComparison.Ordinal) && p.Value != EmptyString));

    /// <summary><c>TokenConsumer.get_relevant_mirror_data(relation, keep_empty)</c>.</summary>
    public static IReadOnlyDictionary<string, string> RelevantMirrorData(IEnumerable<IReadOnlyDictionary<string, string>> units, bool keepEmpty = true)
    {
        var data = new Dictionary<string, List<string>>();
        var order = new List<string>();
        foreach (var mirror in FindMirrors(units))
        {
            foreach (var (mirrorKey, value) in mirror)
            {
                if (!mirrorKey.StartsWith(MirrorPrefix, StringComparison.Ordinal) || (!keepEmpty && value == EmptyString))
                {
                    continue;
                }

                var key = mirrorKey[MirrorPrefix.Length..];
                if (!data.TryGetValue(key, out var list))
                {
                    data[key] = list = [];
                    order.Add(key);
                }

                list.Add(value);
            }
        }

        return order.ToDictionary(k => k, k => Corroborate(data[k], EmptyString));
    }

    /// <summary>
    /// The keys a seed communicator would run <c>add</c> for in <c>_update_tokens</c>: corroborated <c>empty</c> and not in
    /// its own databag.
    /// </summary>
    public static IReadOnlyList<string> KeysNeedingTokens(IEnumerable<IReadOnlyDictionary<string, string>> units, IReadOnlyDictionary<string, string> own)
        => RelevantMirrorData(units).Where(p => p.Value == EmptyString && !own.ContainsKey(MirrorPrefix + p.Key)).Select(p => p.Key).ToArray();
}

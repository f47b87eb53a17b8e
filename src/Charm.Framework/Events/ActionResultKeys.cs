using System.Globalization;
using Charm.Framework.Hosting;

namespace Charm.Framework.Events;

/// <summary>Turns an action's results into the flat <c>key=value</c> pairs <c>action-set</c> takes.</summary>
internal static class ActionResultKeys
{
    /// <summary>Flattens nested maps into dotted keys and checks every key part against Juju's rule.</summary>
    /// <exception cref="ArgumentException">A key is refused, or two keys flatten to the same one.</exception>
    internal static SortedDictionary<string, string> Flatten(IReadOnlyDictionary<string, object?> results)
    {
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Add(flat, "", results);
        if (JujuAgentRules.ActionSetRefusal(flat.Keys) is { } refusal)
        {
            throw new ArgumentException($"action-set would refuse these results: {refusal}.", nameof(results));
        }

        return flat;
    }

    private static void Add(SortedDictionary<string, string> flat, string prefix, IEnumerable<KeyValuePair<string, object?>> values)
    {
        foreach (var (key, value) in values)
        {
            var full = prefix + key;
            if (value is IReadOnlyDictionary<string, object?> nested)
            {
                Add(flat, full + ".", nested);
                continue;
            }

            if (value is IDictionary<string, object?> mutable)
            {
                Add(flat, full + ".", mutable);
                continue;
            }

            var text = value switch
            {
                null => "",
                string s => s,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"The result '{full}' is a {value.GetType().Name}; action results are strings, numbers, booleans or nested maps of them.", nameof(values)),
            };
            if (!flat.TryAdd(full, text))
            {
                throw new ArgumentException($"The result key '{full}' is given twice (once dotted, once nested); each key may be set once.", nameof(values));
            }
        }
    }
}

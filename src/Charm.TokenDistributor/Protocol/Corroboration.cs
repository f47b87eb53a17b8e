namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// Agreement between the values several mirrors hold for one key, exactly as the seed library's <c>corroborate</c>
/// decides it (it uses Python's <c>Counter(...).most_common(1)</c>).
/// </summary>
internal static class Corroboration
{
    /// <summary>Picks the value the mirrors agree on.</summary>
    /// <param name="values">The values seen, in the order they were seen (mirror order).</param>
    /// <param name="defaultValue">The value that means "nothing yet" (the protocol passes <see cref="WireKeys.Empty"/>).</param>
    /// <returns>
    /// <list type="bullet">
    /// <item>no values: <paramref name="defaultValue"/>;</item>
    /// <item>exactly one value: that value, even when it is <paramref name="defaultValue"/>;</item>
    /// <item>otherwise the most frequent value that is not <paramref name="defaultValue"/>; among equally frequent values,
    /// the one seen first;</item>
    /// <item>when every value is <paramref name="defaultValue"/>: <paramref name="defaultValue"/>.</item>
    /// </list>
    /// Values are compared ordinally (byte for byte), as Python compares strings.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or <paramref name="defaultValue"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> holds a <see langword="null"/> element.</exception>
    public static string Corroborate(IReadOnlyList<string> values, string defaultValue = "")
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(defaultValue);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException($"Element {i} is null; corroboration needs strings.", nameof(values));
            }
        }

        if (values.Count == 0)
        {
            return defaultValue;
        }

        if (values.Count == 1)
        {
            return values[0];
        }

        // Count in first-seen order; the first value to reach the highest count wins, which is what
        // Counter.most_common(1) (max over insertion-ordered items) returns on a tie.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var value in values)
        {
            if (string.Equals(value, defaultValue, StringComparison.Ordinal))
            {
                continue;
            }

            if (counts.TryGetValue(value, out var count))
            {
                counts[value] = count + 1;
            }
            else
            {
                counts[value] = 1;
                order.Add(value);
            }
        }

        string? best = null;
        var bestCount = 0;
        foreach (var value in order)
        {
            var count = counts[value];
            if (count > bestCount)
            {
                best = value;
                bestCount = count;
            }
        }

        return best ?? defaultValue;
    }
}

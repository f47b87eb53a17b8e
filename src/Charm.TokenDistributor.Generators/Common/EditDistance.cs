using System;

namespace Charm.TokenDistributor.Generators.Common;

/// <summary>How far apart two names are, for "did you mean" suggestions.</summary>
internal static class EditDistance
{
    /// <summary>
    /// The Levenshtein distance between <paramref name="a"/> and <paramref name="b"/> (insertions, deletions and
    /// substitutions), letters compared without case; names that differ only in case are one edit apart, not zero.
    /// </summary>
    public static int Between(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// Orders strings by Unicode code point, as Python's <c>min</c> and <c>&lt;</c> do. This differs from
/// <see cref="StringComparer.Ordinal"/> (UTF-16 code units) only for characters above U+FFFF against characters in
/// U+E000–U+FFFF; a lone surrogate counts as its own code unit value.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var a = Next(x, ref i);
            var b = Next(y, ref j);
            if (a != b)
            {
                return a < b ? -1 : 1;
            }
        }

        var xDone = i >= x.Length;
        var yDone = j >= y.Length;
        return xDone == yDone ? 0 : xDone ? -1 : 1;
    }

    private static int Next(string s, ref int index)
    {
        var c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            var codePoint = char.ConvertToUtf32(c, s[index + 1]);
            index += 2;
            return codePoint;
        }

        index++;
        return c;
    }
}

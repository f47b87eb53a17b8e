using System.Globalization;
using System.Text;

namespace Charm.TokenDistributor.Cli;

/// <summary>Bounded, printable excerpts of command output for messages and logs.</summary>
internal static class TextExcerpt
{
    /// <summary>At most <paramref name="maxLength"/> characters of <paramref name="text"/>, control characters escaped, "…" appended when cut.</summary>
    public static string Of(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.Length > maxLength;
        var length = cut ? maxLength : text.Length;

        // Never split a surrogate pair.
        if (cut && length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        var builder = new StringBuilder(length + 8);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c) || (char.IsSurrogate(c) && !IsPairedSurrogate(text, i)))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        if (cut)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static bool IsPairedSurrogate(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
        }

        return index > 0 && char.IsHighSurrogate(text[index - 1]);
    }
}

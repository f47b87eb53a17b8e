using System.Globalization;
using System.Text;

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// The one escaping rule for text from outside this unit (a remote unit's databag values and keys, a CLI's output) that
/// goes into a log line, a status or an exception message: such text can never start a new line, move the cursor or
/// recolour a terminal, or reorder what a reader sees.
/// </summary>
/// <remarks>
/// Escaped as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\uXXXX</c>: every control character (C0, DEL, C1, ESC included), every
/// format character (the bidirectional overrides and isolates such as U+202E, zero-width characters, the BOM), the
/// line and paragraph separators U+2028/U+2029, and surrogates that are not half of a pair. A backslash is doubled, so an
/// escaped text cannot be mistaken for a value that held the escape sequence itself.
/// </remarks>
internal static class LogText
{
    /// <summary>The longest remote value a log line quotes: longer ones are cut, with "…" appended.</summary>
    public const int MaxRemoteLength = 256;

    /// <summary>
    /// A value from outside this unit (a databag key or value, a host name) as every log line, status and message shows
    /// it: escaped (see the remarks) and at most <see cref="MaxRemoteLength"/> characters.
    /// </summary>
    public static string Remote(string? value) => TextExcerpt.Of(value, MaxRemoteLength);

    /// <summary><paramref name="text"/> escaped (see the remarks); empty for <see langword="null"/>.</summary>
    public static string Escape(string? text) => text is null ? string.Empty : Escape(text, text.Length);

    /// <summary>The first <paramref name="length"/> characters of <paramref name="text"/>, escaped.</summary>
    public static string Escape(string text, int length) => Escape(text, length, int.MaxValue, out _);

    /// <summary>
    /// The first <paramref name="length"/> characters of <paramref name="text"/>, escaped, and at most
    /// <paramref name="maxOutput"/> characters of escaped text (an escape sequence or a surrogate pair is never split);
    /// <paramref name="cut"/> says whether characters were left out to stay within it.
    /// </summary>
    public static string Escape(string text, int length, int maxOutput, out bool cut)
    {
        ArgumentNullException.ThrowIfNull(text);
        cut = false;
        if (length <= maxOutput && !NeedsEscaping(text, length))
        {
            return length == text.Length ? text : text[..length];
        }

        var builder = new StringBuilder(Math.Min(length, maxOutput) + 16);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            var piece = c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\\' => "\\\\",
                _ when IsUnsafe(text, i) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ when char.IsHighSurrogate(c) && i + 1 < length => text.Substring(i, 2),
                _ => c.ToString(),
            };
            if (builder.Length + piece.Length > maxOutput)
            {
                cut = true;
                break;
            }

            _ = builder.Append(piece);
            i += piece.Length == 2 && char.IsHighSurrogate(c) ? 1 : 0;
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string text, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (text[i] is '\\' || IsUnsafe(text, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(string text, int index)
    {
        var c = text[index];
        if (char.IsSurrogate(c))
        {
            return !IsPairedSurrogate(text, index);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
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

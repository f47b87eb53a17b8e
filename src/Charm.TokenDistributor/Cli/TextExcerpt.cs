namespace Charm.TokenDistributor.Cli;

/// <summary>Bounded, printable excerpts of command output and remote values for messages and logs.</summary>
internal static class TextExcerpt
{
    /// <summary>At most <paramref name="maxLength"/> characters of <paramref name="text"/>, escaped as <see cref="LogText"/> does, "…" appended when cut.</summary>
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

        var excerpt = LogText.Escape(text, length);
        return cut ? excerpt + "…" : excerpt;
    }
}

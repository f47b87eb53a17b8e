namespace Charm.TokenDistributor.Cli;

/// <summary>Bounded, printable excerpts of command output and remote values for messages and logs.</summary>
internal static class TextExcerpt
{
    /// <summary>
    /// <paramref name="text"/> escaped as <see cref="LogText"/> does, at most <paramref name="maxLength"/> characters of
    /// escaped text, "…" appended when cut.
    /// </summary>
    public static string Of(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var excerpt = LogText.Escape(text, text.Length, maxLength, out var cut);
        return cut ? excerpt + "…" : excerpt;
    }
}

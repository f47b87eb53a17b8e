namespace Charm.TokenDistributor.Cli;

/// <summary>
/// The output of a cluster command is not what it should be: e.g. <c>list -f json</c> printed something that is not a
/// JSON array of member objects with a name. The message says what was wrong and quotes a bounded, escaped prefix of
/// the output.
/// </summary>
internal sealed class ClusterOutputException : Exception
{
    /// <summary>How many characters of the output the message and <see cref="OutputExcerpt"/> quote at most: 200.</summary>
    public const int MaxExcerptLength = 200;

    /// <summary>Creates the exception with a generic message.</summary>
    public ClusterOutputException()
        : this("The cluster command printed unexpected output.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What was wrong.</param>
    public ClusterOutputException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the error that caused it.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The parser's error, if any.</param>
    public ClusterOutputException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problem = message;
        OutputExcerpt = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="problem"/> found in <paramref name="output"/>.</summary>
    /// <param name="problem">What was wrong, e.g. "the top level is an object, not an array".</param>
    /// <param name="output">The whole output; only an escaped prefix of at most <see cref="MaxExcerptLength"/> characters is kept.</param>
    /// <param name="innerException">The parser's error, if any.</param>
    public ClusterOutputException(string problem, string? output, Exception? innerException)
        : base(BuildMessage(problem, output), innerException)
    {
        Problem = problem;
        OutputExcerpt = TextExcerpt.Of(output, MaxExcerptLength);
        OutputLength = output?.Length ?? 0;
    }

    /// <summary>What was wrong with the output, without the excerpt.</summary>
    public string Problem { get; }

    /// <summary>An escaped prefix of the output (control characters shown as <c>\n</c>, <c>\u0000</c>…), at most <see cref="MaxExcerptLength"/> characters of it.</summary>
    public string OutputExcerpt { get; }

    /// <summary>The length of the whole output, in characters.</summary>
    public int OutputLength { get; }

    private static string BuildMessage(string problem, string? output)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var length = output?.Length ?? 0;
        return length == 0
            ? $"Unexpected cluster command output: {problem}."
            : $"Unexpected cluster command output: {problem}. Output ({length.ToString(System.Globalization.CultureInfo.InvariantCulture)} characters) begins: \"{TextExcerpt.Of(output, MaxExcerptLength)}\"";
    }
}

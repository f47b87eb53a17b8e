namespace Charm.TokenDistributor.Cli;

/// <summary>
/// Replaces every occurrence of known secrets (join tokens and the secrets inside them) in a text with
/// <see cref="Placeholder"/>, so that command output can be logged and put in exceptions.
/// </summary>
/// <remarks>
/// Matching is ordinal and case-sensitive; longer secrets are replaced first, so a secret that contains another is
/// removed whole. Empty secrets are ignored. The secrets themselves are never exposed by this type (not even by
/// <see cref="ToString"/>). Instances are immutable.
/// </remarks>
internal sealed class Redactor
{
    /// <summary>What each occurrence of a secret becomes: <c>&lt;redacted&gt;</c>.</summary>
    public const string Placeholder = "<redacted>";

    private readonly string[] _secrets;

    /// <summary>Creates a redactor for <paramref name="secrets"/>.</summary>
    /// <param name="secrets">The secret texts; <see langword="null"/> and empty elements are ignored, duplicates are merged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is <see langword="null"/>.</exception>
    public Redactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Creates a redactor for <paramref name="secrets"/>.</summary>
    /// <param name="secrets">The secret texts; <see langword="null"/> and empty elements are ignored.</param>
    public Redactor(params string?[] secrets)
        : this((IEnumerable<string?>)secrets)
    {
    }

    /// <summary>A redactor with no secrets: <see cref="Redact"/> returns its input unchanged.</summary>
    public static Redactor None { get; } = new(Array.Empty<string?>());

    /// <summary>How many distinct, non-empty secrets this redactor removes.</summary>
    public int Count => _secrets.Length;

    /// <summary>A redactor that removes this one's secrets and <paramref name="more"/>.</summary>
    /// <param name="more">Further secrets; <see langword="null"/> and empty elements are ignored.</param>
    /// <returns>A new redactor.</returns>
    public Redactor With(params string?[] more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new Redactor(_secrets.Concat(more));
    }

    /// <summary>Replaces every occurrence of every secret in <paramref name="text"/> with <see cref="Placeholder"/>.</summary>
    /// <param name="text">Any text; <see langword="null"/> gives <see cref="string.Empty"/>.</param>
    /// <returns>The text without the secrets.</returns>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Says how many secrets the redactor holds, never what they are.</summary>
    /// <returns>E.g. <c>Redactor(2 secrets)</c>.</returns>
    public override string ToString() => $"Redactor({_secrets.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} secrets)";
}

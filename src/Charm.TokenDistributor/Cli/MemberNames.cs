namespace Charm.TokenDistributor.Cli;

/// <summary>
/// The member-name rule microcluster applies to <c>add</c> (a token's name), <c>bootstrap</c> and <c>join</c> (this node's
/// name), checked before anything runs: 1 to 255 characters, made of dot-separated labels of 1 to 63 ASCII letters,
/// digits and hyphens, no label starting or ending with a hyphen. (Some microcluster versions also refuse a label that is
/// a number or starts with a digit; those names are left for the daemon to refuse, with its reason.)
/// </summary>
internal static class MemberNames
{
    /// <summary>The longest name microcluster accepts.</summary>
    public const int MaxLength = 255;

    /// <summary>The longest label microcluster accepts.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Whether <paramref name="name"/> obeys the rule.</summary>
    public static bool IsValid(string? name) => name is not null && Problem(name) is null;

    /// <summary>What is wrong with <paramref name="name"/>, as a clause (no quote of it); <see langword="null"/> when nothing is.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxLength)
        {
            return $"it must be 1 to {MaxLength} characters long (it has {name.Length})";
        }

        var start = 0;
        while (start <= name.Length)
        {
            var end = name.IndexOf('.', start);
            if (end < 0)
            {
                end = name.Length;
            }

            if (LabelProblem(name.AsSpan(start, end - start)) is { } problem)
            {
                return problem;
            }

            start = end + 1;
        }

        return null;
    }

    private static string? LabelProblem(ReadOnlySpan<char> label)
    {
        if (label.Length == 0 || label.Length > MaxLabelLength)
        {
            return $"each dot-separated label must be 1 to {MaxLabelLength} characters long";
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return "a label must not start or end with '-'";
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return "only ASCII letters, digits, '-' and '.' are allowed";
            }
        }

        return null;
    }
}

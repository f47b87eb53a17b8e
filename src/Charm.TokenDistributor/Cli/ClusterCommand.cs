namespace Charm.TokenDistributor.Cli;

/// <summary>
/// The command prefix that drives the workload's cluster, as the charm author gives it: <c>microctl</c>,
/// <c>microovn cluster</c>, <c>microceph cluster</c>. The first word is the program; the rest are arguments placed
/// before every subcommand (<c>bootstrap</c>, <c>add</c>, <c>join</c>, <c>list</c>, <c>remove</c>).
/// </summary>
/// <remarks>Instances are immutable. No shell ever parses the words: each one is passed to the program as one argument.</remarks>
public sealed class ClusterCommand
{
    private readonly string[] _words;

    /// <summary>Creates a command prefix from its words, e.g. <c>["microovn", "cluster"]</c>.</summary>
    /// <param name="words">The program followed by its leading arguments; at least one word, none empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="words"/> or one of its elements is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="words"/> is empty, or a word is empty or only white space, or holds a control character.</exception>
    public ClusterCommand(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var copy = words.ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException("A cluster command needs at least a program name, e.g. 'microctl' or 'microovn cluster'.", nameof(words));
        }

        for (var i = 0; i < copy.Length; i++)
        {
            var word = copy[i] ?? throw new ArgumentNullException(nameof(words), $"Word {i} of the cluster command is null.");
            if (string.IsNullOrWhiteSpace(word))
            {
                throw new ArgumentException($"Word {i} of the cluster command is empty or only white space.", nameof(words));
            }

            if (word.Any(char.IsControl))
            {
                throw new ArgumentException($"Word {i} of the cluster command holds a control character.", nameof(words));
            }
        }

        _words = copy;
    }

    /// <summary>Creates a command prefix from its words, e.g. <c>new ClusterCommand("microovn", "cluster")</c>.</summary>
    /// <param name="words">The program followed by its leading arguments.</param>
    /// <exception cref="ArgumentException">See <see cref="ClusterCommand(IEnumerable{string})"/>.</exception>
    public ClusterCommand(params string[] words)
        : this((IEnumerable<string>)words)
    {
    }

    /// <summary>All words: the program, then its leading arguments.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The program to run (the first word): a name looked up on <c>PATH</c>, or a path.</summary>
    public string Program => _words[0];

    /// <summary>The words after the program, passed before every subcommand (e.g. <c>["cluster"]</c> for <c>microovn cluster</c>).</summary>
    public IReadOnlyList<string> LeadingArguments => _words[1..];

    /// <summary>Parses a command prefix written as one string, splitting on white space: <c>"microovn cluster"</c>.</summary>
    /// <param name="text">The words separated by any amount of white space; no quoting is understood.</param>
    /// <returns>The command prefix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds no word, or a control character other than white space.</exception>
    public static ClusterCommand Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw new ArgumentException("The cluster command is empty; give a program name such as 'microctl' or 'microovn cluster'.", nameof(text));
        }

        return new ClusterCommand(words);
    }

    /// <summary>The words joined with single spaces, as a person would type them.</summary>
    /// <returns>E.g. <c>microovn cluster</c>.</returns>
    public override string ToString() => string.Join(' ', _words);
}

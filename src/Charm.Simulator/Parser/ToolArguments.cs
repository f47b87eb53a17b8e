using Charm.Simulator.Backends;

namespace Charm.Simulator.Parser;

/// <summary>
/// A hook tool's command line parsed the way Juju's tools parse theirs (the <c>gnuflag</c> package): options and
/// positional arguments may be interleaved, <c>--</c> ends the options, a value follows its option either after
/// <c>=</c> or as the next argument, a switch takes <c>=true</c>/<c>=false</c> but never the next argument, a lone
/// <c>-</c> is positional; one dash starts one-letter options only. An undefined option or a missing value is a usage
/// error (exit 2), worded with "option" as Juju's tools word it.
/// </summary>
internal sealed class ToolArguments
{
    private ToolArguments(Dictionary<string, string> values, List<string> positionals)
    {
        Values = values;
        Positionals = positionals;
    }

    /// <summary>The options given, by long name; switches read <c>true</c> or <c>false</c>. The last occurrence wins.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The value of option <paramref name="name"/>, if given.</summary>
    public string? Get(string name) => Values.GetValueOrDefault(name);

    /// <summary>Whether switch <paramref name="name"/> is on.</summary>
    public bool IsSet(string name) => Values.TryGetValue(name, out var value) && value == "true";

    /// <exception cref="HookToolError">The command line cannot be parsed (exit 2).</exception>
    public static ToolArguments Parse(IReadOnlyList<string> arguments, IReadOnlyList<ToolFlag> flags)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "--")
            {
                positionals.AddRange(arguments.Skip(i + 1));
                break;
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                positionals.Add(argument);
                continue;
            }

            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                i = Long(arguments, i, flags, values);
            }
            else
            {
                i = Short(arguments, i, flags, values);
            }
        }

        return new ToolArguments(values, positionals);
    }

    // --name, --name=value, --name value.
    private static int Long(IReadOnlyList<string> arguments, int i, IReadOnlyList<ToolFlag> flags, Dictionary<string, string> values)
    {
        var body = arguments[i][2..];
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        var name = equals >= 0 ? body[..equals] : body;
        var inline = equals >= 0 ? body[(equals + 1)..] : null;
        var flag = flags.FirstOrDefault(f => f.Name == name) ?? throw NotDefined(name);
        if (flag.IsBoolean)
        {
            values[flag.Name] = inline is null ? "true" : ParseBoolean(inline, "--" + name);
            return i;
        }

        if (inline is null)
        {
            i = NeedValue(arguments, i, "--" + name);
            inline = arguments[i];
        }

        values[flag.Name] = inline;
        return i;
    }

    // One dash starts one-letter options, as gnuflag reads it: -r7, -r 7, and switches run together (-ab). So a long
    // name after one dash (-format=json) is -f followed by "ormat=json", which is refused unless -f is an option.
    private static int Short(IReadOnlyList<string> arguments, int i, IReadOnlyList<ToolFlag> flags, Dictionary<string, string> values)
    {
        var letters = arguments[i][1..];
        for (var at = 0; at < letters.Length; at++)
        {
            var letter = letters[at];
            var flag = flags.FirstOrDefault(f => f.Short == letter) ?? throw NotDefined(letter.ToString());
            if (flag.IsBoolean)
            {
                values[flag.Name] = "true";
                continue;
            }

            if (at + 1 < letters.Length)
            {
                values[flag.Name] = letters[(at + 1)..];
                return i;
            }

            i = NeedValue(arguments, i, "-" + letter);
            values[flag.Name] = arguments[i];
            return i;
        }

        return i;
    }

    private static int NeedValue(IReadOnlyList<string> arguments, int i, string option)
        => i + 1 < arguments.Count ? i + 1 : throw HookToolError.Usage($"option needs an argument: {option}");

    // Juju's tools say "option" where gnuflag says "flag".
    private static HookToolError NotDefined(string name)
        => HookToolError.Usage($"option provided but not defined: {(name.Length > 1 ? "--" : "-")}{name}");

    private static string ParseBoolean(string text, string option) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => throw HookToolError.Usage($"invalid value \"{text}\" for option {option}: parse error"),
    };
}

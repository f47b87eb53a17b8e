using Charm.Simulator.Backends;

namespace Charm.Simulator.Parser;

/// <summary>
/// A hook tool's command line parsed the way Juju's tools parse theirs (the <c>gnuflag</c> package): options and
/// positional arguments may be interleaved, <c>--</c> ends the options, a value follows its option either after
/// <c>=</c> or as the next argument, a switch takes <c>=true</c>/<c>=false</c> but never the next argument, a lone
/// <c>-</c> is positional. An undefined option or a missing value is a usage error (exit 2).
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

            var isLong = argument.StartsWith("--", StringComparison.Ordinal);
            var body = argument[(isLong ? 2 : 1)..];
            string name;
            string? inline = null;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                name = body[..equals];
                inline = body[(equals + 1)..];
            }
            else
            {
                name = body;
            }

            ToolFlag? flag;
            if (isLong)
            {
                flag = flags.FirstOrDefault(f => f.Name == name);
            }
            else
            {
                flag = name.Length == 1 ? flags.FirstOrDefault(f => f.Short == name[0]) : null;
                if (flag is null && name.Length > 1 && inline is null)
                {
                    // -rcluster:7: a one-letter option with its value attached.
                    var attached = flags.FirstOrDefault(f => f.Short == name[0] && !f.IsBoolean);
                    if (attached is not null)
                    {
                        values[attached.Name] = name[1..];
                        continue;
                    }
                }

                // Go's flag package also takes long names after a single dash (-format=json).
                flag ??= flags.FirstOrDefault(f => f.Name == name);
            }

            if (flag is null)
            {
                throw HookToolError.Usage($"flag provided but not defined: {(isLong ? "--" : "-")}{name}");
            }

            if (flag.IsBoolean)
            {
                values[flag.Name] = inline is null ? "true" : ParseBoolean(inline, argument);
                continue;
            }

            if (inline is null)
            {
                if (i + 1 >= arguments.Count)
                {
                    throw HookToolError.Usage($"flag needs an argument: {(isLong ? "--" : "-")}{name}");
                }

                inline = arguments[++i];
            }

            values[flag.Name] = inline;
        }

        return new ToolArguments(values, positionals);
    }

    private static string ParseBoolean(string text, string argument) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => throw HookToolError.Usage($"invalid value \"{text}\" for flag {argument[..argument.IndexOf('=', StringComparison.Ordinal)]}: parse error"),
    };
}

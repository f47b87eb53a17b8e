using System.Globalization;

namespace Charm.Simulator.Cli.CommandLine;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and switches (<c>--quiet</c>) by hand (System.CommandLine is not
/// available); positional arguments are kept in order. Every problem is a <see cref="UsageException"/> naming the option.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    public ArgumentReader(IReadOnlyList<string> arguments, IReadOnlySet<string> options, IReadOnlySet<string> switches)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument == "--")
            {
                Positionals.Add(argument);
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument[2..] : argument[2..equals];
            if (switches.Contains(name))
            {
                if (equals >= 0)
                {
                    throw new UsageException($"--{name} is a switch and takes no value.");
                }

                _switches.Add(name);
                continue;
            }

            if (!options.Contains(name))
            {
                throw new UsageException($"unknown option --{name}.");
            }

            string value;
            if (equals >= 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < arguments.Count)
            {
                value = arguments[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value.");
            }

            if (!_values.TryGetValue(name, out var list))
            {
                list = [];
                _values[name] = list;
            }

            list.Add(value);
        }
    }

    public List<string> Positionals { get; } = [];

    public bool Has(string name) => _values.ContainsKey(name) || _switches.Contains(name);

    public bool Switch(string name) => _switches.Contains(name);

    /// <summary>The last value given for <paramref name="name"/>.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>Every value given for a repeatable option, in order.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public static int PositiveInteger(string name, string text, bool allowZero = false)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (n > 0 || (allowZero && n == 0))
            ? n
            : throw new UsageException($"--{name} must be a {(allowZero ? "non-negative" : "positive")} whole number, not '{text}'.");
}

using System.Text.RegularExpressions;
using Charm.Simulator.Backends;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Charm.Simulator.Parser;

/// <summary>
/// Reads the settings <c>relation-set</c> and <c>state-set</c> take: a YAML (or JSON, which YAML reads too) mapping from
/// <c>--file</c>, then <c>key=value</c> arguments on top. ops 3.x sends JSON on standard input, ops 2.x YAML; older
/// charms pass <c>key=value</c> arguments.
/// </summary>
internal static partial class SettingsParser
{
    /// <summary>Parses a mapping of strings; a <c>null</c> value reads as <c>""</c> (which deletes the key).</summary>
    /// <exception cref="HookToolError">The text is not a mapping of scalars.</exception>
    public static Dictionary<string, string> ParseMapping(string text, string source)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        var stream = new YamlStream();
        try
        {
            RefuseSurrogateEscapes(text, source);
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed streams as InvalidOperationException (e.g. a document end marker before a
            // collection) or ArgumentException ("the current event is of an unsupported type") rather than YamlException.
            throw HookToolError.Refused($"cannot parse settings from {source}: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return result;
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            return result;
        }

        if (root is not YamlMappingNode mapping)
        {
            throw HookToolError.Refused($"cannot parse settings from {source}: expected a map of settings, got {Describe(root)}");
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw HookToolError.Refused($"cannot parse settings from {source}: keys must be strings");
            }

            result[key] = valueNode switch
            {
                YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "null" or "~" } => "",
                YamlScalarNode scalar => scalar.Value ?? "",
                _ => throw HookToolError.Refused($"cannot parse settings from {source}: the value of \"{key}\" is {Describe(valueNode)}, not a string"),
            };
        }

        return result;
    }

    /// <summary>Applies <c>key=value</c> arguments.</summary>
    /// <exception cref="HookToolError">An argument has no <c>=</c> (usage error, exit 2).</exception>
    public static void ApplyAssignments(Dictionary<string, string> settings, IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw HookToolError.Usage($"expected \"key=value\", got \"{assignment}\"");
            }

            settings[assignment[..equals]] = assignment[(equals + 1)..];
        }
    }

    // Juju reads the settings with go-yaml, which refuses a \u (or \U) escape of a UTF-16 surrogate in a double-quoted
    // scalar; YamlDotNet would join a JSON-style pair (\uD83D\uDE00) into one character.
    private static void RefuseSurrogateEscapes(string text, string source)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(text));
        while (MoveNext(parser, text, source))
        {
            if (parser.Current is YamlDotNet.Core.Events.Scalar { Style: ScalarStyle.DoubleQuoted } scalar)
            {
                var start = (int)scalar.Start.Index;
                var raw = text[start..Math.Min(text.Length, (int)scalar.End.Index)];
                if (SurrogateEscape().IsMatch(raw))
                {
                    throw SurrogateRefusal(source, scalar.Start.Line);
                }
            }
        }
    }

    // YamlDotNet refuses some surrogate escapes itself (\U0000D83D); say what go-yaml says then too.
    private static bool MoveNext(YamlDotNet.Core.Parser parser, string text, string source)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (YamlException e) when (SurrogateEscape().IsMatch(text))
        {
            throw SurrogateRefusal(source, e.Start.Line);
        }
    }

    private static HookToolError SurrogateRefusal(string source, long line)
        => HookToolError.Refused($"cannot parse settings from {source}: yaml: line {line}: found invalid Unicode character escape code (a character outside the Basic Multilingual Plane must be sent as UTF-8, not as a \\u surrogate pair)");

    [GeneratedRegex(@"(?<!\\)(?:\\\\)*\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")]
    private static partial Regex SurrogateEscape();

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a map",
        _ => "a scalar",
    };
}

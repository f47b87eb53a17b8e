using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Charm.Simulator.Charms;

/// <summary>
/// Reads the YAML files of a charm archive into plain values the way Juju's reader (go-yaml v2) types them: a plain
/// scalar is an integer, a float, a boolean (YAML 1.1 spellings), null or a string; a quoted scalar is always a string.
/// </summary>
internal static partial class GoYaml
{
    /// <summary>The document's root, or null for an empty file.</summary>
    /// <exception cref="FormatException">The text is not YAML.</exception>
    public static object? Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{file}: {e.Message}", e);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    /// <summary>Go's <c>%#v</c>-like rendering of a value in error messages (strings quoted).</summary>
    public static string Show(object? value) => value switch
    {
        null => "<nil>",
        string s => "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            kv => kv.Key is YamlScalarNode key ? key.Value ?? "" : throw new FormatException("a mapping key is not a scalar"),
            kv => Convert(kv.Value),
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static object? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return text;
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (Boolean(text) is { } b)
        {
            return b;
        }

        if (Integer().IsMatch(text) && long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        return text;
    }

    // YAML 1.1 booleans, as go-yaml v2 resolves them.
    private static bool? Boolean(string text) => text switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => true,
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => false,
        _ => null,
    };

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")]
    private static partial Regex Float();
}

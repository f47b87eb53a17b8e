using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Charm.Charmcraft.Yaml;

/// <summary>
/// Writes <see cref="YamlNode"/>s as block-style YAML that every reader of a charm archive gives the same values: each
/// string is double-quoted (or, when it spans lines, a literal block), so no string can be taken for a number, a
/// boolean or null by YAML 1.1 (go-yaml v2 reads <c>y</c>, <c>on</c> and <c>24.04</c> as non-strings), and a float always
/// has a dot, so no reader takes it for an integer.
/// </summary>
public static class YamlWriter
{
    private static readonly Regex PlainKey = new("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

    // go-yaml v2 reads these plain words as booleans, beyond YAML 1.1's yes/no/on/off/true/false.
    private static readonly Regex GoYamlBool = new("^(?:y|Y|n|N)$", RegexOptions.CultureInvariant);

    /// <summary>Writes a document whose root is <paramref name="root"/>, ending with a newline.</summary>
    /// <param name="root">The root node (usually a mapping).</param>
    /// <returns>The YAML text.</returns>
    /// <exception cref="ArgumentException">A string holds a lone UTF-16 surrogate, which no YAML file can hold.</exception>
    public static string Write(YamlNode root)
    {
        var output = new StringBuilder();
        switch (root)
        {
            case YamlMap { Entries.Count: > 0 } map:
                WriteMapBody(output, map, 0);
                break;
            case YamlList { Items.Count: > 0 } list:
                WriteListBody(output, list, 0);
                break;
            default:
                output.Append(Inline(root, 0)).Append('\n');
                break;
        }

        return output.ToString();
    }

    private static void WriteMapBody(StringBuilder output, YamlMap map, int indent)
    {
        var first = true;
        foreach (var entry in map.Entries)
        {
            if (!first)
            {
                output.Append(' ', indent);
            }

            first = false;
            output.Append(Key(entry.Key.Text)).Append(':');
            WriteValue(output, entry.Value, indent);
        }
    }

    private static void WriteListBody(StringBuilder output, YamlList list, int indent)
    {
        var first = true;
        foreach (var item in list.Items)
        {
            if (!first)
            {
                output.Append(' ', indent);
            }

            first = false;
            output.Append('-');
            switch (item)
            {
                case YamlMap { Entries.Count: > 0 } map:
                    output.Append(' ');
                    WriteMapBody(output, map, indent + 2);
                    break;
                case YamlList { Items.Count: > 0 } nested:
                    output.Append(' ');
                    WriteListBody(output, nested, indent + 2);
                    break;
                default:
                    output.Append(' ').Append(Inline(item, indent + 2)).Append('\n');
                    break;
            }
        }
    }

    // After "key:" — a nested block on the next lines, or a scalar on the same line.
    private static void WriteValue(StringBuilder output, YamlNode value, int indent)
    {
        switch (value)
        {
            case YamlMap { Entries.Count: > 0 } map:
                output.Append('\n').Append(' ', indent + 2);
                WriteMapBody(output, map, indent + 2);
                break;
            case YamlList { Items.Count: > 0 } list:
                output.Append('\n').Append(' ', indent + 2);
                WriteListBody(output, list, indent + 2);
                break;
            default:
                output.Append(' ').Append(Inline(value, indent + 2)).Append('\n');
                break;
        }
    }

    private static string Inline(YamlNode node, int indent) => node switch
    {
        YamlMap => "{}",
        YamlList => "[]",
        YamlScalar { Kind: YamlScalarKind.String } s => StringScalar(s.Text, indent),
        YamlScalar { Kind: YamlScalarKind.Int, Value: long i } => i.ToString(CultureInfo.InvariantCulture),
        YamlScalar { Kind: YamlScalarKind.Float, Value: double d } => Float(d),
        YamlScalar { Kind: YamlScalarKind.Bool, Value: bool b } => b ? "true" : "false",
        _ => "null",
    };

    private static string Key(string key)
        => PlainKey.IsMatch(key) && !GoYamlBool.IsMatch(key) && YamlReader.Read(key) is YamlScalar { Kind: YamlScalarKind.String } read && read.Text == key
            ? key
            : DoubleQuoted(key);

    /// <summary>A float in a form every YAML reader takes for a float: with a dot, and <c>.inf</c>/<c>.nan</c>.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The YAML text.</returns>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        var mantissa = e < 0 ? text : text.Substring(0, e);
        if (mantissa.IndexOf('.') < 0)
        {
            mantissa += ".0";
        }

        return e < 0 ? mantissa : mantissa + "e" + text.Substring(e + 1);
    }

    private static string StringScalar(string value, int indent)
    {
        CheckWellFormed(value);
        return CanBeLiteral(value) ? Literal(value, indent) : DoubleQuoted(value);
    }

    private static void CheckWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException($"The string \"{value.Substring(0, i)}…\" holds a lone UTF-16 surrogate (U+{(int)value[i]:X4}), which a YAML file cannot hold; fix the text.", nameof(value));
            }
        }
    }

    private static bool CanBeLiteral(string value)
    {
        if (value.IndexOf('\n') < 0 || value[0] is ' ' or '\t' or '\n')
        {
            return false;
        }

        foreach (var line in value.Split('\n'))
        {
            if (line.Length > 0 && line.Trim(' ', '\t').Length == 0)
            {
                return false;
            }

            foreach (var c in line)
            {
                if (NeedsEscape(c) && c != '\t')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string Literal(string value, int indent)
    {
        var trailing = value.Length - value.TrimEnd('\n').Length;
        var body = value.Substring(0, value.Length - trailing);
        var output = new StringBuilder(trailing switch { 0 => "|-", 1 => "|", _ => "|+" });
        foreach (var line in body.Split('\n'))
        {
            output.Append('\n');
            if (line.Length > 0)
            {
                output.Append(' ', indent).Append(line);
            }
        }

        // Kept trailing newlines beyond the first are empty lines of the block.
        output.Append('\n', Math.Max(0, trailing - 1));
        return output.ToString();
    }

    private static bool NeedsEscape(char c) => c < 0x20 || c == 0x7F || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\uFEFF';

    private static string DoubleQuoted(string value)
    {
        var output = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': output.Append("\\\\"); break;
                case '"': output.Append("\\\""); break;
                case '\n': output.Append("\\n"); break;
                case '\t': output.Append("\\t"); break;
                case '\r': output.Append("\\r"); break;
                case '\u0085': output.Append("\\N"); break;
                case '\u2028': output.Append("\\L"); break;
                case '\u2029': output.Append("\\P"); break;
                default:
                    if (NeedsEscape(c))
                    {
                        output.Append(c <= 0xFF ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        return output.Append('"').ToString();
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Charm.Charmcraft.Yaml;

/// <summary>
/// Reads one YAML document into <see cref="YamlNode"/>s, giving each plain scalar the type YAML 1.1 gives it, which is
/// what both readers of a charm's files use: charmcraft loads charmcraft.yaml with PyYAML, Juju loads the archive's
/// files with go-yaml v2. So <c>yes</c>/<c>on</c> are booleans, <c>0755</c> is an octal integer, <c>1e3</c> is a string
/// (PyYAML's floats need a dot) and a date stays a string (what go-yaml v2 gives an untyped value).
/// </summary>
public static class YamlReader
{
    private static readonly Regex BoolPattern = new(
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant);

    private static readonly Regex IntPattern = new(
        "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex FloatPattern = new(
        @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant);

    private static readonly Regex NullPattern = new("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant);

    /// <summary>Reads the single document in <paramref name="text"/>; an empty file reads as a null scalar.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The document's root node.</returns>
    /// <exception cref="YamlReadException">The text is not YAML, has several documents, a duplicate or non-string key, a
    /// merge key, or a tag this reader does not know.</exception>
    public static YamlNode Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return YamlScalar.Null();
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, new Dictionary<string, YamlNode>(StringComparer.Ordinal));
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                throw new YamlReadException("the file holds more than one YAML document (a second '---'); keep one.", Mark(parser.Current!.Start));
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new YamlReadException("not valid YAML: " + Describe(e), Mark(e.Start));
        }
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet's messages start with its own position; ours is given separately.
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(", StringComparison.Ordinal) && close > 0 ? message.Substring(close + 3) : message;
    }

    private static YamlMark Mark(Mark mark) => new(checked((int)mark.Line), checked((int)mark.Column));

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlReadException($"the alias *{alias.Value.Value} names no anchor defined before it.", Mark(alias.Start));
        }

        YamlNode node;
        NodeEvent start;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            start = scalar;
            node = Resolve(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            start = sequenceStart;
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors));
            }

            node = new YamlList(items, Mark(sequenceStart.Start));
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            start = mappingStart;
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current!.Start;
                if (ReadNode(parser, anchors) is not YamlScalar key || key.Kind != YamlScalarKind.String)
                {
                    throw new YamlReadException("a key is not a string; write it in quotes (\"key\": value) or rename it.", Mark(keyStart));
                }

                if (key.Text == "<<")
                {
                    throw new YamlReadException("merge keys ('<<') are not supported; write the merged keys out.", key.Start);
                }

                if (!seen.Add(key.Text))
                {
                    throw new YamlReadException($"the key '{key.Text}' appears twice in one mapping; keep one.", key.Start);
                }

                entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, ReadNode(parser, anchors)));
            }

            node = new YamlMap(entries, Mark(mappingStart.Start));
        }

        if (!start.Anchor.IsEmpty)
        {
            anchors[start.Anchor.Value] = node;
        }

        return node;
    }

    private static YamlScalar Resolve(Scalar scalar)
    {
        var start = Mark(scalar.Start);
        var text = scalar.Value;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        switch (tag)
        {
            case null or "!":
                return scalar.Style == ScalarStyle.Plain && tag is null ? ResolvePlain(text, start) : YamlScalar.String(text, start);
            case "tag:yaml.org,2002:str":
                return YamlScalar.String(text, start);
            case "tag:yaml.org,2002:int":
                return ParseInt(text, start) ?? throw new YamlReadException($"'{text}' is tagged !!int but is not an integer.", start);
            case "tag:yaml.org,2002:float":
                return ParseFloat(text, start)
                    ?? (ParseInt(text, start) is { Value: long whole } ? YamlScalar.Float(whole, text, start) : null)
                    ?? throw new YamlReadException($"'{text}' is tagged !!float but is not a number.", start);
            case "tag:yaml.org,2002:bool":
                return BoolPattern.IsMatch(text)
                    ? YamlScalar.Bool(IsTrue(text), text, start)
                    : throw new YamlReadException($"'{text}' is tagged !!bool but is not true/false/yes/no/on/off.", start);
            case "tag:yaml.org,2002:null":
                return YamlScalar.Null(text, start);
            default:
                throw new YamlReadException($"the tag '{tag}' is not one charmcraft reads; remove it.", start);
        }
    }

    private static YamlScalar ResolvePlain(string text, YamlMark start)
    {
        if (NullPattern.IsMatch(text))
        {
            return YamlScalar.Null(text, start);
        }

        if (BoolPattern.IsMatch(text))
        {
            return YamlScalar.Bool(IsTrue(text), text, start);
        }

        if (IntPattern.IsMatch(text))
        {
            return ParseInt(text, start) ?? throw new YamlReadException($"the integer {text} does not fit in 64 bits, as Juju needs; quote it to make it a string.", start);
        }

        return FloatPattern.IsMatch(text) ? ParseFloat(text, start)! : YamlScalar.String(text, start);
    }

    private static bool IsTrue(string text) => char.ToLowerInvariant(text[0]) is 'y' or 't' || text.Equals("on", StringComparison.OrdinalIgnoreCase);

    private static YamlScalar? ParseInt(string text, YamlMark start)
    {
        if (!IntPattern.IsMatch(text))
        {
            return null;
        }

        var digits = text.Replace("_", string.Empty);
        var negative = digits.StartsWith("-", StringComparison.Ordinal);
        if (digits.Length > 0 && digits[0] is '-' or '+')
        {
            digits = digits.Substring(1);
        }

        try
        {
            long value;
            if (digits.Contains(":"))
            {
                value = 0;
                foreach (var part in digits.Split(':'))
                {
                    value = checked((value * 60) + long.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture));
                }
            }
            else if (digits.StartsWith("0b", StringComparison.Ordinal))
            {
                value = ParseRadix(digits.Substring(2), 2);
            }
            else if (digits.StartsWith("0x", StringComparison.Ordinal))
            {
                value = ParseRadix(digits.Substring(2), 16);
            }
            else if (digits.Length > 1 && digits[0] == '0')
            {
                value = ParseRadix(digits.Substring(1), 8);
            }
            else
            {
                value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            }

            return YamlScalar.Int(negative ? -value : value, text, start);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static long ParseRadix(string digits, int radix)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = checked((value * radix) + Convert.ToInt32(c.ToString(), 16));
        }

        return value;
    }

    private static YamlScalar? ParseFloat(string text, YamlMark start)
    {
        if (!FloatPattern.IsMatch(text))
        {
            return null;
        }

        var digits = text.Replace("_", string.Empty);
        var lower = digits.ToLowerInvariant();
        double value;
        if (lower.EndsWith(".inf", StringComparison.Ordinal))
        {
            value = lower.StartsWith("-", StringComparison.Ordinal) ? double.NegativeInfinity : double.PositiveInfinity;
        }
        else if (lower == ".nan")
        {
            value = double.NaN;
        }
        else if (digits.Contains(":"))
        {
            var negative = digits.StartsWith("-", StringComparison.Ordinal);
            value = 0;
            foreach (var part in digits.TrimStart('-', '+').Split(':'))
            {
                value = (value * 60) + double.Parse(part, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            value = negative ? -value : value;
        }
        else
        {
            value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return YamlScalar.Float(value, text, start);
    }
}

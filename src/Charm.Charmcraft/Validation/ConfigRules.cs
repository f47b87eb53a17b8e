using System;
using System.Collections.Generic;
using System.Globalization;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft.Validation;

/// <summary>
/// <c>config.options</c> as Juju reads config.yaml (internal/charm/config.go, with juju/schema's checkers on the values
/// go-yaml gives): the types are <c>string</c>, <c>int</c>, <c>float</c>, <c>boolean</c> and <c>secret</c> (charmcraft's
/// linter also requires <c>type</c>, where Juju would assume string); a string default must be a string, an int default
/// an integer or a string <c>strconv.ParseInt</c> reads, a float default a float (an integer literal such as <c>1</c> is
/// refused: write <c>1.0</c>), a boolean default true/false or a string <c>strconv.ParseBool</c> reads, and a secret
/// default empty or a <c>secret:</c> URI.
/// </summary>
internal static class ConfigRules
{
    private const string Code = CharmcraftCodes.Config;

    public static List<CharmConfigOption> Read(YamlNode? config, Diagnostics diagnostics, out YamlMap? normalised)
    {
        var options = new List<CharmConfigOption>();
        normalised = null;
        if (diagnostics.Map(Code, config, "config", "config: {options: {port: {type: int, default: 8080}}}") is not { } map)
        {
            return options;
        }

        var optionsNode = map["options"];
        if (optionsNode is null)
        {
            diagnostics.Report(Code, map, "'config' has no 'options'; Juju refuses a config.yaml without it. Put the options under config.options.");
            return options;
        }

        if (diagnostics.Map(Code, optionsNode, "config.options", "options: {port: {type: int}}") is not { } optionMap)
        {
            normalised = new YamlMap(new[] { new KeyValuePair<string, YamlNode>("options", new YamlMap(Array.Empty<KeyValuePair<string, YamlNode>>())) });
            return options;
        }

        var written = new List<KeyValuePair<string, YamlNode>>();
        foreach (var entry in optionMap.Entries)
        {
            if (Read(entry.Key, entry.Value, diagnostics, out var node) is { } option)
            {
                options.Add(option);
                written.Add(new KeyValuePair<string, YamlNode>(entry.Key.Text, node!));
            }
        }

        normalised = new YamlMap(new[] { new KeyValuePair<string, YamlNode>("options", new YamlMap(written)) });
        return options;
    }

    private static CharmConfigOption? Read(YamlScalar name, YamlNode value, Diagnostics diagnostics, out YamlNode? written)
    {
        written = null;
        var key = "config.options." + name.Text;
        if (diagnostics.Map(Code, value, key, $"{name.Text}: {{type: string, default: \"\", description: ...}}") is not { } map)
        {
            if (value is YamlScalar { Kind: YamlScalarKind.Null })
            {
                diagnostics.Report(Code, value, $"'{key}' is empty; give it a type, e.g. {name.Text}: {{type: string}}.");
            }

            return null;
        }

        var typeText = diagnostics.String(Code, map["type"], key + ".type");
        if (map["type"] is null)
        {
            diagnostics.Report(Code, map, $"'{key}' has no 'type' (charmcraft's linter requires one); add type: string, int, float, boolean or secret.");
            return null;
        }

        CharmConfigType type;
        switch (typeText)
        {
            case "string": type = CharmConfigType.String; break;
            case "int": type = CharmConfigType.Int; break;
            case "float": type = CharmConfigType.Float; break;
            case "boolean": type = CharmConfigType.Boolean; break;
            case "secret": type = CharmConfigType.Secret; break;
            case null: return null;
            default:
                diagnostics.Report(Code, map["type"], $"'{key}.type' is '{typeText}', which Juju does not know; use string, int, float, boolean or secret{(typeText == "bool" ? " (Juju spells it 'boolean')" : string.Empty)}.");
                return null;
        }

        var description = diagnostics.String(Code, map["description"], key + ".description");
        if (map["description"] is { } d && description is null && d is not YamlScalar { Kind: YamlScalarKind.Null })
        {
            return null;
        }

        object? defaultValue = null;
        YamlNode? defaultNode = map["default"];
        if (defaultNode is YamlScalar { Kind: not YamlScalarKind.Null } given)
        {
            if (!Coerce(type, given, out defaultValue, out var fix))
            {
                diagnostics.Report(Code, given, $"'{key}.default' is {given.Describe()}, but the option's type is {typeText}: Juju refuses the charm (\"option \\\"{name.Text}\\\" expected {typeText}\"). {fix}");
                return null;
            }

            defaultNode = defaultValue switch
            {
                string s => YamlScalar.String(s),
                long l => YamlScalar.Int(l),
                double f => YamlScalar.Float(f),
                bool b => YamlScalar.Bool(b),
                _ => defaultNode,
            };
        }
        else if (defaultNode is not null and not YamlScalar)
        {
            diagnostics.Report(Code, defaultNode, $"'{key}.default' must be a single value of type {typeText}, not a {(defaultNode is YamlMap ? "mapping" : "list")}.");
            return null;
        }

        var entries = new List<KeyValuePair<string, YamlNode>>();
        foreach (var entry in map.Entries)
        {
            entries.Add(new KeyValuePair<string, YamlNode>(entry.Key.Text, entry.Key.Text == "default" ? defaultNode! : entry.Value));
        }

        written = new YamlMap(entries);
        return new CharmConfigOption(name.Text, type, defaultValue, description);
    }

    private static bool Coerce(CharmConfigType type, YamlScalar value, out object? coerced, out string fix)
    {
        coerced = null;
        switch (type)
        {
            case CharmConfigType.String:
                fix = $"Put it in quotes: default: \"{value.Text}\".";
                coerced = value.AsString;
                return coerced is not null;
            case CharmConfigType.Int:
                fix = "Write an integer, e.g. default: 8080.";
                coerced = value.Value as long? ?? (value.AsString is { } s ? GoParseInt(s) : null);
                return coerced is not null;
            case CharmConfigType.Float:
                fix = value.Value is long whole
                    ? $"Write it with a decimal point: default: {whole.ToString(CultureInfo.InvariantCulture)}.0."
                    : "Write a number with a decimal point, e.g. default: 0.5.";
                coerced = value.Value as double?;
                return coerced is not null;
            case CharmConfigType.Boolean:
                fix = "Write true or false.";
                coerced = value.Value as bool? ?? (value.AsString is { } text ? GoParseBool(text) : null);
                return coerced is not null;
            default:
                fix = "A secret default is empty or a secret URI, e.g. default: \"secret:cj4v5vm78ohs79o84r4g\" (usually leave it out: the secret is made per model).";
                if (value.AsString is { } uri && (uri.Length == 0 || uri.StartsWith("secret:", StringComparison.Ordinal)))
                {
                    coerced = uri;
                }

                return coerced is not null;
        }
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>: an optional sign, then decimal, or 0x/0o/0b/0 prefixed.</summary>
    private static long? GoParseInt(string s)
    {
        var negative = s.StartsWith("-", StringComparison.Ordinal);
        var digits = s.Length > 0 && s[0] is '-' or '+' ? s.Substring(1) : s;
        var radix = 10;
        if (digits.Length > 1 && digits[0] == '0')
        {
            (radix, digits) = char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16, digits.Substring(2)),
                'o' => (8, digits.Substring(2)),
                'b' => (2, digits.Substring(2)),
                _ => (8, digits.Substring(1)),
            };
            digits = digits.Replace("_", string.Empty); // underscores are allowed only with a base prefix
        }

        if (digits.Length == 0)
        {
            return null;
        }

        try
        {
            long value = 0;
            foreach (var c in digits)
            {
                var digit = c is >= '0' and <= '9' ? c - '0' : char.ToLowerInvariant(c) is >= 'a' and <= 'f' ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                if (digit >= radix)
                {
                    return null;
                }

                value = checked((value * radix) + digit);
            }

            return negative ? -value : value;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Go's <c>strconv.ParseBool</c>.</summary>
    private static bool? GoParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };
}

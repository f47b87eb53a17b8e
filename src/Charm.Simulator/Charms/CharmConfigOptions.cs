using System.Collections.Immutable;
using System.Globalization;
using Charm.Framework.Model;

namespace Charm.Simulator.Charms;

/// <summary>
/// The config options a charm declares in its <c>config.yaml</c>, read and checked as Juju reads them (its charm
/// package's <c>ReadConfig</c>): option types <c>string</c>, <c>int</c>, <c>float</c>, <c>boolean</c> and <c>secret</c> (no
/// type means string), defaults of the option's type. <see cref="Validate"/> refuses what <c>juju config</c> refuses.
/// </summary>
public sealed class CharmConfigOptions
{
    private static readonly string[] Types = ["string", "int", "float", "boolean", "secret"];

    private CharmConfigOptions(ImmutableSortedDictionary<string, string> types, ImmutableSortedDictionary<string, ConfigValue> defaults)
    {
        OptionTypes = types;
        Defaults = defaults;
    }

    /// <summary>A charm without options (Juju's reading of an archive without <c>config.yaml</c>).</summary>
    public static CharmConfigOptions None { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), ImmutableSortedDictionary.Create<string, ConfigValue>(StringComparer.Ordinal));

    /// <summary>Each option's type, by name.</summary>
    public IReadOnlyDictionary<string, string> OptionTypes { get; }

    /// <summary>The options that have a default, with it: what <c>config-get</c> shows before any <c>juju config</c>.</summary>
    public ImmutableSortedDictionary<string, ConfigValue> Defaults { get; }

    /// <summary>Reads <c>config.yaml</c>'s text.</summary>
    /// <exception cref="FormatException">Juju would refuse the file; the message is Juju's reason.</exception>
    public static CharmConfigOptions Parse(string yaml)
    {
        var root = GoYaml.Parse(yaml, "config.yaml");
        if (root is not Dictionary<string, object?> document || !document.TryGetValue("options", out var section))
        {
            throw new FormatException("invalid config: empty configuration");
        }

        var types = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var defaults = ImmutableSortedDictionary.CreateBuilder<string, ConfigValue>(StringComparer.Ordinal);
        var options = section as Dictionary<string, object?> ?? (section is null ? [] : throw new FormatException("invalid config: 'options' is not a map of option names to options"));
        foreach (var (name, body) in options)
        {
            var option = body as Dictionary<string, object?> ?? [];
            var type = option.GetValueOrDefault("type") is { } t ? t as string ?? GoYaml.Show(t) : "string";
            if (!Types.Contains(type))
            {
                throw new FormatException($"invalid config: option \"{name}\" has unknown type \"{type}\"");
            }

            types[name] = type;
            var value = option.GetValueOrDefault("default");
            if (value is null || (value is "" && type is "string" or "secret"))
            {
                continue;
            }

            defaults[name] = Coerce(type, value) ?? throw new FormatException($"invalid config default: option \"{name}\" expected {type}, got {GoYaml.Show(value)}");
        }

        return new CharmConfigOptions(types.ToImmutable(), defaults.ToImmutable());
    }

    /// <summary>
    /// Checks values given to <c>juju config</c> and returns them typed: a string is parsed as the option's type (as the
    /// command line's <c>key=value</c> is), a typed value must have the option's type; an empty string resets the option.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown option or a value of the wrong type, with Juju's message.</exception>
    public IReadOnlyDictionary<string, ConfigValue> Validate(IReadOnlyDictionary<string, ConfigValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var typed = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!OptionTypes.TryGetValue(name, out var type))
            {
                throw new ArgumentException($"unknown option \"{name}\": the charm's config.yaml declares {Describe()}.", nameof(values));
            }

            if (value.Value is string { Length: 0 })
            {
                typed[name] = value;
                continue;
            }

            typed[name] = (value.Value is string text ? Parse(type, text) : Coerce(type, value.Value))
                ?? throw new ArgumentException($"option \"{name}\" expected {type}, got {GoYaml.Show(value.Value)}", nameof(values));
        }

        return typed;
    }

    private string Describe() => OptionTypes.Count == 0 ? "no options" : string.Join(", ", OptionTypes.Keys);

    // juju config key=value: strconv.ParseInt / ParseFloat / ParseBool.
    private static ConfigValue? Parse(string type, string text) => type switch
    {
        "int" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? (ConfigValue?)ConfigValue.FromInt64(l) : null,
        "float" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (ConfigValue?)ConfigValue.FromDouble(d) : null,
        "boolean" => text switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => (ConfigValue?)ConfigValue.FromBoolean(true),
            "0" or "f" or "F" or "false" or "FALSE" or "False" => (ConfigValue?)ConfigValue.FromBoolean(false),
            _ => null,
        },
        "secret" => text.StartsWith("secret:", StringComparison.Ordinal) ? (ConfigValue?)ConfigValue.FromString(text) : null,
        _ => ConfigValue.FromString(text),
    };

    // A typed value checked as Juju's schema checkers check it: an int fits int, a whole float, or an int-like string.
    private static ConfigValue? Coerce(string type, object value) => (type, value) switch
    {
        ("string", string s) => ConfigValue.FromString(s),
        ("secret", string s) => Parse("secret", s),
        ("int", long l) => ConfigValue.FromInt64(l),
        ("int", double d) when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => ConfigValue.FromInt64((long)d),
        ("int", string s) => Parse("int", s),
        ("float", long l) => ConfigValue.FromDouble(l),
        ("float", double d) => ConfigValue.FromDouble(d),
        ("float", string s) => Parse("float", s),
        ("boolean", bool b) => ConfigValue.FromBoolean(b),
        ("boolean", string s) => Parse("boolean", s),
        _ => null,
    };
}

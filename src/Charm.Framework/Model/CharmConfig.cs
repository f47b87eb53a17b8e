using System.Globalization;
using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>The charm's config, read once per hook with <c>config-get</c>.</summary>
public sealed class CharmConfig
{
    private readonly IJujuBackend _backend;
    private IReadOnlyDictionary<string, ConfigValue>? _values;

    internal CharmConfig(IJujuBackend backend) => _backend = backend;

    /// <summary>Every option that has a value.</summary>
    public IReadOnlyDictionary<string, ConfigValue> Values => _values ??= _backend.ConfigGet();

    /// <summary>Whether <paramref name="key"/> has a value.</summary>
    public bool Contains(string key) => Values.ContainsKey(key);

    /// <summary>A string option, or <paramref name="defaultValue"/> when unset.</summary>
    public string? GetString(string key, string? defaultValue = null)
        => Values.TryGetValue(key, out var v) ? v.ToString() : defaultValue;

    /// <summary>A boolean option, or <paramref name="defaultValue"/> when unset.</summary>
    /// <exception cref="ModelException">The option is set but is not a boolean.</exception>
    public bool GetBoolean(string key, bool defaultValue = false)
    {
        if (!Values.TryGetValue(key, out var v))
        {
            return defaultValue;
        }

        return v.Value is bool b ? b : throw WrongType(key, v, "a boolean");
    }

    /// <summary>An integer option, or <paramref name="defaultValue"/> when unset.</summary>
    /// <exception cref="ModelException">The option is set but is not an integer.</exception>
    public long GetInt64(string key, long defaultValue = 0)
    {
        if (!Values.TryGetValue(key, out var v))
        {
            return defaultValue;
        }

        return v.Value switch
        {
            long l => l,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw WrongType(key, v, "an integer"),
        };
    }

    /// <summary>A float option, or <paramref name="defaultValue"/> when unset.</summary>
    /// <exception cref="ModelException">The option is set but is not a number.</exception>
    public double GetDouble(string key, double defaultValue = 0)
    {
        if (!Values.TryGetValue(key, out var v))
        {
            return defaultValue;
        }

        return v.Value switch
        {
            double d => d,
            long l => l,
            _ => throw WrongType(key, v, "a number"),
        };
    }

    private static ModelException WrongType(string key, ConfigValue value, string expected)
        => new($"Config option '{key}' is '{value}', not {expected}; check the option's type in config.yaml / charmcraft.yaml.");
}

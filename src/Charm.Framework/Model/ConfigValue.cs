using System.Globalization;

namespace Charm.Framework.Model;

/// <summary>One charm config value: a string, a boolean, an integer or a float, as <c>config-get --format=json</c> gives it.</summary>
public readonly struct ConfigValue : IEquatable<ConfigValue>
{
    private readonly object _value;

    private ConfigValue(object value) => _value = value;

    /// <summary>The raw value: a <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> or <see cref="double"/>.</summary>
    public object Value => _value ?? "";

    /// <summary>Creates a string value.</summary>
    public static ConfigValue FromString(string value) => new(value);

    /// <summary>Creates a boolean value.</summary>
    public static ConfigValue FromBoolean(bool value) => new(value);

    /// <summary>Creates an integer value.</summary>
    public static ConfigValue FromInt64(long value) => new(value);

    /// <summary>Creates a float value.</summary>
    public static ConfigValue FromDouble(double value) => new(value);

    /// <summary>Converts a string.</summary>
    public static implicit operator ConfigValue(string value) => FromString(value);

    /// <summary>Converts a boolean.</summary>
    public static implicit operator ConfigValue(bool value) => FromBoolean(value);

    /// <summary>Converts an integer.</summary>
    public static implicit operator ConfigValue(long value) => FromInt64(value);

    /// <summary>Converts a float.</summary>
    public static implicit operator ConfigValue(double value) => FromDouble(value);

    /// <summary>The value as text, whatever its type (invariant culture).</summary>
    public override string ToString() => Value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    /// <inheritdoc />
    public bool Equals(ConfigValue other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConfigValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Value equality.</summary>
    public static bool operator ==(ConfigValue left, ConfigValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(ConfigValue left, ConfigValue right) => !left.Equals(right);
}

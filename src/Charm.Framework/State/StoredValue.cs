using System.Globalization;

namespace Charm.Framework.State;

/// <summary>A value kept in stored state: a string, boolean, integer, float, list of strings or map of strings (no reflection needed to save it).</summary>
public readonly struct StoredValue : IEquatable<StoredValue>
{
    private readonly object? _value;

    private StoredValue(StoredValueKind kind, object value)
    {
        Kind = kind;
        _value = value;
    }

    /// <summary>What the value holds.</summary>
    public StoredValueKind Kind { get; }

    /// <summary>The string, or the text of a scalar value.</summary>
    public string AsString() => _value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IReadOnlyList<string> list => string.Join(",", list),
        IReadOnlyDictionary<string, string> map => string.Join(",", map.Select(p => p.Key + "=" + p.Value)),
        _ => "",
    };

    /// <summary>The boolean; <see cref="InvalidCastException"/> for another kind.</summary>
    public bool AsBoolean() => _value is bool b ? b : throw Wrong(StoredValueKind.Boolean);

    /// <summary>The integer; <see cref="InvalidCastException"/> for another kind.</summary>
    public long AsInt64() => _value is long l ? l : throw Wrong(StoredValueKind.Integer);

    /// <summary>The number (an integer widens); <see cref="InvalidCastException"/> for another kind.</summary>
    public double AsDouble() => _value switch
    {
        double d => d,
        long l => l,
        _ => throw Wrong(StoredValueKind.Float),
    };

    /// <summary>The list of strings; <see cref="InvalidCastException"/> for another kind.</summary>
    public IReadOnlyList<string> AsStringList() => _value as IReadOnlyList<string> ?? throw Wrong(StoredValueKind.StringList);

    /// <summary>The map of strings, keys in ordinal order; <see cref="InvalidCastException"/> for another kind.</summary>
    public IReadOnlyDictionary<string, string> AsStringMap() => _value as IReadOnlyDictionary<string, string> ?? throw Wrong(StoredValueKind.StringMap);

    /// <summary>A string value.</summary>
    public static StoredValue FromString(string value) => new(StoredValueKind.String, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A boolean value.</summary>
    public static StoredValue FromBoolean(bool value) => new(StoredValueKind.Boolean, value);

    /// <summary>An integer value.</summary>
    public static StoredValue FromInt64(long value) => new(StoredValueKind.Integer, value);

    /// <summary>A float value.</summary>
    public static StoredValue FromDouble(double value) => new(StoredValueKind.Float, value);

    /// <summary>A list of strings (copied).</summary>
    public static StoredValue FromStringList(IEnumerable<string> value) => new(StoredValueKind.StringList, value.ToArray());

    /// <summary>A map of strings (copied; keys in ordinal order).</summary>
    /// <exception cref="ArgumentException">A key occurs twice, or a key or value is <see langword="null"/>.</exception>
    public static StoredValue FromStringMap(IEnumerable<KeyValuePair<string, string>> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, item) in value)
        {
            if (key is null || item is null)
            {
                throw new ArgumentException("A stored map holds no null key or value.", nameof(value));
            }

            if (!map.TryAdd(key, item))
            {
                throw new ArgumentException($"The key '{key}' occurs twice; a stored map holds each key once.", nameof(value));
            }
        }

        return new(StoredValueKind.StringMap, new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(map));
    }

    /// <summary>Converts a string.</summary>
    public static implicit operator StoredValue(string value) => FromString(value);

    /// <summary>Converts a boolean.</summary>
    public static implicit operator StoredValue(bool value) => FromBoolean(value);

    /// <summary>Converts an integer.</summary>
    public static implicit operator StoredValue(long value) => FromInt64(value);

    /// <summary>Converts a float.</summary>
    public static implicit operator StoredValue(double value) => FromDouble(value);

    /// <summary>Converts a list of strings.</summary>
    public static implicit operator StoredValue(string[] value) => FromStringList(value);

    /// <inheritdoc />
    public bool Equals(StoredValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind switch
        {
            StoredValueKind.StringList => AsStringList().SequenceEqual(other.AsStringList(), StringComparer.Ordinal),
            StoredValueKind.StringMap => AsStringMap().SequenceEqual(other.AsStringMap()),
            _ => Equals(_value, other._value),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StoredValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, AsString());

    /// <summary>Value equality.</summary>
    public static bool operator ==(StoredValue left, StoredValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(StoredValue left, StoredValue right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StoredValueKind.StringList => "[" + AsString() + "]",
        StoredValueKind.StringMap => "{" + AsString() + "}",
        _ => AsString(),
    };

    private InvalidCastException Wrong(StoredValueKind wanted) => new($"The stored value is a {Kind}, not a {wanted}.");
}

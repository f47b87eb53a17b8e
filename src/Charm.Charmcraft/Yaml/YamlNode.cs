using System.Collections.Generic;
using System.Globalization;

namespace Charm.Charmcraft.Yaml;

/// <summary>Where a node starts in its file: 1-based line and column (0 when the node was built in code).</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public readonly record struct YamlMark(int Line, int Column)
{
    /// <summary>No position: the node was built in code.</summary>
    public static YamlMark None => default;
}

/// <summary>A node of a YAML document as charmcraft and Juju see it: a mapping, a sequence or a typed scalar.</summary>
public abstract class YamlNode
{
    private protected YamlNode(YamlMark start) => Start = start;

    /// <summary>Where the node starts in its file.</summary>
    public YamlMark Start { get; }
}

/// <summary>A mapping with string keys, in the order they were written.</summary>
public sealed class YamlMap : YamlNode
{
    private readonly List<KeyValuePair<YamlScalar, YamlNode>> _entries;

    /// <summary>Creates a mapping from its entries (keys are unique strings).</summary>
    /// <param name="entries">The key/value pairs in order.</param>
    /// <param name="start">Where the mapping starts.</param>
    public YamlMap(IEnumerable<KeyValuePair<YamlScalar, YamlNode>> entries, YamlMark start = default)
        : base(start) => _entries = new List<KeyValuePair<YamlScalar, YamlNode>>(entries);

    /// <summary>Creates a mapping from string keys (for building output files).</summary>
    /// <param name="entries">The key/value pairs in order.</param>
    public YamlMap(IEnumerable<KeyValuePair<string, YamlNode>> entries)
        : base(default)
    {
        _entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        foreach (var entry in entries)
        {
            _entries.Add(new KeyValuePair<YamlScalar, YamlNode>(YamlScalar.String(entry.Key), entry.Value));
        }
    }

    /// <summary>The entries in written order; each key is a string scalar.</summary>
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries => _entries;

    /// <summary>The value under <paramref name="key"/>, or null when there is none.</summary>
    /// <param name="key">The key.</param>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in _entries)
            {
                if (entry.Key.Text == key)
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Whether the mapping has <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    public bool ContainsKey(string key) => this[key] is not null;
}

/// <summary>A sequence.</summary>
public sealed class YamlList : YamlNode
{
    /// <summary>Creates a sequence.</summary>
    /// <param name="items">The items in order.</param>
    /// <param name="start">Where the sequence starts.</param>
    public YamlList(IEnumerable<YamlNode> items, YamlMark start = default)
        : base(start) => Items = new List<YamlNode>(items);

    /// <summary>The items in order.</summary>
    public IReadOnlyList<YamlNode> Items { get; }
}

/// <summary>What a scalar resolves to.</summary>
public enum YamlScalarKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A 64-bit signed integer.</summary>
    Int,

    /// <summary>A floating-point number.</summary>
    Float,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>Null (an empty value, <c>~</c> or <c>null</c>).</summary>
    Null,
}

/// <summary>A scalar with the type a YAML 1.1 loader (charmcraft's PyYAML, Juju's go-yaml) gives it.</summary>
public sealed class YamlScalar : YamlNode
{
    private YamlScalar(YamlScalarKind kind, string text, object? value, YamlMark start)
        : base(start)
    {
        Kind = kind;
        Text = text;
        Value = value;
    }

    /// <summary>The resolved type.</summary>
    public YamlScalarKind Kind { get; }

    /// <summary>The text as written (for a string: the string).</summary>
    public string Text { get; }

    /// <summary>The value: a <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or null.</summary>
    public object? Value { get; }

    /// <summary>The value as a string when <see cref="Kind"/> is <see cref="YamlScalarKind.String"/>, otherwise null.</summary>
    public string? AsString => Kind == YamlScalarKind.String ? Text : null;

    /// <summary>A string scalar.</summary>
    /// <param name="value">The string.</param>
    /// <param name="start">Where it was written.</param>
    public static YamlScalar String(string value, YamlMark start = default) => new(YamlScalarKind.String, value, value, start);

    /// <summary>An integer scalar.</summary>
    /// <param name="value">The integer.</param>
    /// <param name="text">The text as written, or null for the decimal form.</param>
    /// <param name="start">Where it was written.</param>
    public static YamlScalar Int(long value, string? text = null, YamlMark start = default)
        => new(YamlScalarKind.Int, text ?? value.ToString(CultureInfo.InvariantCulture), value, start);

    /// <summary>A floating-point scalar.</summary>
    /// <param name="value">The number.</param>
    /// <param name="text">The text as written, or null for the shortest round-trip form.</param>
    /// <param name="start">Where it was written.</param>
    public static YamlScalar Float(double value, string? text = null, YamlMark start = default)
        => new(YamlScalarKind.Float, text ?? value.ToString("R", CultureInfo.InvariantCulture), value, start);

    /// <summary>A boolean scalar.</summary>
    /// <param name="value">The boolean.</param>
    /// <param name="text">The text as written, or null for <c>true</c>/<c>false</c>.</param>
    /// <param name="start">Where it was written.</param>
    public static YamlScalar Bool(bool value, string? text = null, YamlMark start = default)
        => new(YamlScalarKind.Bool, text ?? (value ? "true" : "false"), value, start);

    /// <summary>A null scalar.</summary>
    /// <param name="text">The text as written.</param>
    /// <param name="start">Where it was written.</param>
    public static YamlScalar Null(string text = "", YamlMark start = default) => new(YamlScalarKind.Null, text, null, start);

    /// <summary>How the value reads in an error message: a string quoted, anything else as written.</summary>
    public string Describe() => Kind switch
    {
        YamlScalarKind.String => "\"" + Text + "\" (a string)",
        YamlScalarKind.Int => Text + " (an integer)",
        YamlScalarKind.Float => Text + " (a float)",
        YamlScalarKind.Bool => Text + " (a boolean)",
        _ => "empty (null)",
    };
}

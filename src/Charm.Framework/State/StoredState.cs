namespace Charm.Framework.State;

/// <summary>
/// One namespace of a unit's stored state (e.g. <c>token-consumer/cluster</c>). Changes are kept only if the hook
/// succeeds; they are saved together with the deferred-event queue.
/// </summary>
public sealed class StoredState
{
    private readonly SortedDictionary<string, StoredValue> _values;

    internal StoredState(string name, SortedDictionary<string, StoredValue> values)
    {
        Name = name;
        _values = values;
    }

    /// <summary>The namespace.</summary>
    public string Name { get; }

    /// <summary>The keys set in this namespace.</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    /// <summary>Whether <paramref name="key"/> is set.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, if set.</summary>
    public StoredValue? Get(string key) => _values.TryGetValue(key, out var v) ? v : (StoredValue?)null;

    /// <summary>Sets <paramref name="key"/>.</summary>
    public void Set(string key, StoredValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _values[key] = value;
    }

    /// <summary>Removes <paramref name="key"/>.</summary>
    public void Remove(string key) => _values.Remove(key);

    /// <summary>A boolean, or <paramref name="defaultValue"/> when unset.</summary>
    public bool GetBoolean(string key, bool defaultValue = false) => Get(key)?.AsBoolean() ?? defaultValue;

    /// <summary>A string, or <paramref name="defaultValue"/> when unset.</summary>
    public string? GetString(string key, string? defaultValue = null) => Get(key)?.AsString() ?? defaultValue;

    /// <summary>An integer, or <paramref name="defaultValue"/> when unset.</summary>
    public long GetInt64(string key, long defaultValue = 0) => Get(key)?.AsInt64() ?? defaultValue;

    /// <summary>A string list, or an empty list when unset.</summary>
    public IReadOnlyList<string> GetStringList(string key) => Get(key)?.AsStringList() ?? [];
}

using System.Collections.Immutable;

namespace Charm.Framework.Hosting;

/// <summary>
/// The writes one hook makes to one relation databag, under Juju's rule for them: a write stays pending until the hook
/// commits; a read sees the pending writes overlaid on the stored data; writing <c>""</c> deletes the key (a key with an
/// empty value does not exist); and a commit sends, or applies, only the writes that change the stored data.
/// </summary>
/// <remarks>
/// The one implementation of that rule: the framework's <see cref="Model.Databag"/> buffers a charm's writes in one
/// (and sends its changes with one <c>relation-set</c>), and the agents that stand in for Juju's (Charm.Testing's
/// in-memory agent, the simulator) hold each hook's <c>relation-set</c> writes in one until the hook ends. Not
/// thread-safe: a caller shared between threads locks around it.
/// </remarks>
public sealed class DatabagWrites
{
    private readonly SortedDictionary<string, string> _writes = new(StringComparer.Ordinal);

    /// <summary>The last write of each key, in ordinal key order; <c>""</c> deletes the key.</summary>
    public IReadOnlyDictionary<string, string> Pending => _writes;

    /// <summary>How many keys were written.</summary>
    public int Count => _writes.Count;

    /// <summary>Records a write of <paramref name="key"/>; <c>""</c> or <see langword="null"/> deletes it. A later write of the key replaces it.</summary>
    public void Write(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _writes[key] = value ?? "";
    }

    /// <summary>Records each write of <paramref name="changes"/>, in order (what one <c>relation-set</c> carries).</summary>
    public void WriteAll(IEnumerable<KeyValuePair<string, string>> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (key, value) in changes)
        {
            Write(key, value);
        }
    }

    /// <summary>Forgets every write (after a commit, or when the hook failed).</summary>
    public void Clear() => _writes.Clear();

    /// <summary>
    /// The value a read of <paramref name="key"/> sees: the pending write if there is one, else the stored value;
    /// <see langword="null"/> when that is absent or empty. <paramref name="stored"/> is asked only when the key was not
    /// written, so a read of a key the hook wrote costs no <c>relation-get</c>.
    /// </summary>
    public string? Read(string key, Func<IReadOnlyDictionary<string, string>> stored)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(stored);
        var value = _writes.TryGetValue(key, out var written) ? written : stored().GetValueOrDefault(key);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The whole databag as a read sees it: <paramref name="stored"/> with the pending writes overlaid, without empty values.</summary>
    public ImmutableSortedDictionary<string, string> Overlay(IReadOnlyDictionary<string, string> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var view = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in stored)
        {
            if (value.Length > 0 && !_writes.ContainsKey(key))
            {
                view[key] = value;
            }
        }

        foreach (var (key, value) in _writes)
        {
            if (value.Length > 0)
            {
                view[key] = value;
            }
        }

        return view.ToImmutable();
    }

    /// <summary>
    /// The writes that change <paramref name="stored"/>, in ordinal key order: a new or different value, or <c>""</c> for a
    /// key that holds a value. This is what a commit sends; a write of the value already stored (or a delete of an absent
    /// key) is none.
    /// </summary>
    public IReadOnlyDictionary<string, string> ChangesTo(IReadOnlyDictionary<string, string> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Changes(key => stored.GetValueOrDefault(key, ""));
    }

    /// <summary>Commits the writes to <paramref name="target"/> (deleting keys written <c>""</c>) and returns the keys that changed, in ordinal order.</summary>
    public IReadOnlyList<string> ApplyTo(IDictionary<string, string> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var changes = Changes(key => target.TryGetValue(key, out var value) ? value : "");
        foreach (var (key, value) in changes)
        {
            if (value.Length == 0)
            {
                target.Remove(key);
            }
            else
            {
                target[key] = value;
            }
        }

        return [.. changes.Keys];
    }

    private SortedDictionary<string, string> Changes(Func<string, string> storedValue)
    {
        var changes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in _writes)
        {
            if (storedValue(key) != value)
            {
                changes[key] = value;
            }
        }

        return changes;
    }
}

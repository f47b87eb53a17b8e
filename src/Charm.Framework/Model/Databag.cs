using System.Collections;
using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// One relation databag: string keys to string values, with Juju's rules enforced on every access (see
/// <see cref="DatabagKind"/>). Reads are loaded once per hook with <c>relation-get</c>; writes are buffered and sent
/// with one <c>relation-set</c> when the hook succeeds, so a failing hook changes nothing. Setting a key to
/// <c>""</c> or <see langword="null"/> deletes it.
/// </summary>
public sealed class Databag : IEnumerable<KeyValuePair<string, string>>
{
    private readonly IJujuBackend _backend;
    private readonly Func<bool> _isLeader;
    private readonly bool _isPeer;
    private readonly DatabagWrites _writes = new();
    private IReadOnlyDictionary<string, string>? _loaded;

    internal Databag(IJujuBackend backend, RelationId relation, DatabagKind kind, string owner, bool isPeer, Func<bool> isLeader)
    {
        _backend = backend;
        Relation = relation;
        Kind = kind;
        Owner = owner;
        _isPeer = isPeer;
        _isLeader = isLeader;
    }

    /// <summary>The relation the databag belongs to.</summary>
    public RelationId Relation { get; }

    /// <summary>Whose databag it is.</summary>
    public DatabagKind Kind { get; }

    /// <summary>The unit (<c>app/3</c>) or application that owns it.</summary>
    public string Owner { get; }

    /// <summary>Whether this databag is an application databag.</summary>
    public bool IsApp => Kind is DatabagKind.LocalApp or DatabagKind.RemoteApp;

    /// <summary>Whether the current hook wrote to it (and will send a <c>relation-set</c> on success).</summary>
    public bool HasChanges => PendingChanges.Count > 0;

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/> when absent; setting <c>""</c> or <see langword="null"/> deletes it.</summary>
    public string? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set => Set(key, value);
    }

    /// <summary>The keys present, in ordinal order.</summary>
    public IReadOnlyList<string> Keys => View().Keys.ToArray();

    /// <summary>How many keys are present.</summary>
    public int Count => View().Count;

    /// <summary>Reads a key.</summary>
    public bool TryGetValue(string key, out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckRead();
        var read = _writes.Read(key, Load);
        value = read ?? "";
        return read is not null;
    }

    /// <summary>Whether a key is present.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Sets a key; <c>""</c> or <see langword="null"/> deletes it.</summary>
    /// <exception cref="RelationDataAccessException">Juju would refuse the write: remote databag, or the application databag without leadership.</exception>
    public void Set(string key, string? value)
    {
        ValidateKey(key);
        CheckWrite();
        _writes.Write(key, value);
    }

    /// <summary>Deletes a key (a no-op when absent).</summary>
    public void Remove(string key) => Set(key, null);

    /// <summary>
    /// The pending changes, as <c>relation-set</c> will send them (<c>""</c> deletes): once the databag was read, a write of
    /// the value it already holds is none.
    /// </summary>
    public IReadOnlyDictionary<string, string> PendingChanges => _loaded is null ? _writes.Pending : _writes.ChangesTo(_loaded);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => View().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Sends the buffered changes with one <c>relation-set</c>; called by the framework when the hook succeeded.</summary>
    internal void Commit()
    {
        var changes = PendingChanges;
        if (changes.Count > 0)
        {
            _backend.RelationSet(Relation, IsApp, new Dictionary<string, string>(changes, StringComparer.Ordinal));
            _loaded = null;
        }

        _writes.Clear();
    }

    private System.Collections.Immutable.ImmutableSortedDictionary<string, string> View()
    {
        CheckRead();
        return _writes.Overlay(Load());
    }

    private IReadOnlyDictionary<string, string> Load() => _loaded ??= _backend.RelationGet(Relation, Owner, IsApp);

    private void CheckRead()
    {
        if (Kind == DatabagKind.LocalApp && !_isPeer && !_isLeader())
        {
            throw new RelationDataAccessException(
                DatabagRule.LocalAppReadRequiresLeadership,
                $"Unit is not the leader: only the leader may read application '{Owner}''s databag on relation {Relation}. Check Unit.IsLeader before reading it.");
        }
    }

    private void CheckWrite()
    {
        switch (Kind)
        {
            case DatabagKind.RemoteUnit:
                throw new RelationDataAccessException(
                    DatabagRule.RemoteUnitIsReadOnly,
                    $"Remote unit '{Owner}''s databag on relation {Relation} is read only; a unit writes only its own databag.");
            case DatabagKind.RemoteApp:
                throw new RelationDataAccessException(
                    DatabagRule.RemoteAppIsReadOnly,
                    $"Remote application '{Owner}''s databag on relation {Relation} is read only; write your own application's databag (as the leader) instead.");
            case DatabagKind.LocalApp when !_isLeader():
                throw new RelationDataAccessException(
                    DatabagRule.LocalAppWriteRequiresLeadership,
                    $"Unit is not the leader: only the leader may write application '{Owner}''s databag on relation {Relation}. Check Unit.IsLeader before writing it.");
        }
    }

    private static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.Any(char.IsWhiteSpace) || key.Contains('='))
        {
            throw new RelationDataAccessException(
                DatabagRule.InvalidKeyOrValue,
                $"'{key}' is not a valid databag key: keys are non-empty and contain no white space or '='.");
        }
    }
}

using System.Collections.Immutable;
using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>
/// One relation in a test's input or output <see cref="State"/>: its endpoint and id, the remote application and
/// units, and every databag. Remote units are numbered: unit <c>n</c> is <c>&lt;RemoteApp&gt;/n</c>.
/// </summary>
/// <param name="Endpoint">The local endpoint, e.g. <c>cluster</c>.</param>
/// <param name="Id">The relation number (<c>cluster:7</c> has id 7); unique within a state.</param>
/// <param name="RemoteApp">The remote application's name (for a peer relation, this application's name).</param>
public sealed record RelationState(string Endpoint, int Id, string RemoteApp)
{
    private static readonly ImmutableSortedDictionary<string, string> EmptyBag = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Whether this is a peer relation.</summary>
    public bool IsPeer { get; init; }

    /// <summary>This unit's databag.</summary>
    public ImmutableSortedDictionary<string, string> LocalUnitData { get; init; } = EmptyBag;

    /// <summary>This application's databag.</summary>
    public ImmutableSortedDictionary<string, string> LocalAppData { get; init; } = EmptyBag;

    /// <summary>The remote application's databag.</summary>
    public ImmutableSortedDictionary<string, string> RemoteAppData { get; init; } = EmptyBag;

    /// <summary>Each remote unit (by number) with its databag.</summary>
    public ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>> RemoteUnitsData { get; init; }
        = ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>>.Empty;

    /// <summary>The id as Juju writes it.</summary>
    public RelationId RelationId => new(Endpoint, Id);

    /// <summary>The name of remote unit <paramref name="number"/>.</summary>
    public string RemoteUnitName(int number) => $"{RemoteApp}/{number}";

    /// <summary>Returns a copy with remote unit <paramref name="number"/> holding <paramref name="data"/> (added if new).</summary>
    public RelationState WithRemoteUnit(int number, IEnumerable<KeyValuePair<string, string>>? data = null)
        => this with { RemoteUnitsData = RemoteUnitsData.SetItem(number, Bag(data)) };

    /// <summary>Returns a copy without remote unit <paramref name="number"/>.</summary>
    public RelationState WithoutRemoteUnit(int number) => this with { RemoteUnitsData = RemoteUnitsData.Remove(number) };

    /// <summary>Returns a copy whose local unit databag is <paramref name="data"/>.</summary>
    public RelationState WithLocalUnitData(IEnumerable<KeyValuePair<string, string>> data) => this with { LocalUnitData = Bag(data) };

    /// <summary>Returns a copy whose local application databag is <paramref name="data"/>.</summary>
    public RelationState WithLocalAppData(IEnumerable<KeyValuePair<string, string>> data) => this with { LocalAppData = Bag(data) };

    /// <summary>Returns a copy whose remote application databag is <paramref name="data"/>.</summary>
    public RelationState WithRemoteAppData(IEnumerable<KeyValuePair<string, string>> data) => this with { RemoteAppData = Bag(data) };

    /// <summary>Builds a databag from pairs; empty values are dropped, as Juju drops them.</summary>
    public static ImmutableSortedDictionary<string, string> Bag(IEnumerable<KeyValuePair<string, string>>? data)
        => (data ?? []).Where(p => !string.IsNullOrEmpty(p.Value)).ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Structural equality over every databag.</summary>
    public bool Equals(RelationState? other)
        => other is not null
            && Endpoint == other.Endpoint && Id == other.Id && RemoteApp == other.RemoteApp && IsPeer == other.IsPeer
            && BagEquals(LocalUnitData, other.LocalUnitData) && BagEquals(LocalAppData, other.LocalAppData)
            && BagEquals(RemoteAppData, other.RemoteAppData)
            && RemoteUnitsData.Count == other.RemoteUnitsData.Count
            && RemoteUnitsData.All(p => other.RemoteUnitsData.TryGetValue(p.Key, out var b) && BagEquals(p.Value, b));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Endpoint, Id, RemoteApp);

    private static bool BagEquals(ImmutableSortedDictionary<string, string> a, ImmutableSortedDictionary<string, string> b)
        => a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}

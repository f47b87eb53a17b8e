using System.Collections.ObjectModel;
using Charm.Framework.Hosting;
using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>
/// A relation between two applications' endpoints (or a peer relation of one application), with its databags: one per
/// unit that entered it and one per application.
/// </summary>
public sealed class SimulatedRelation
{
    private readonly Dictionary<string, SortedDictionary<string, string>> _unitData = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, string>> _appData = new(StringComparer.Ordinal);

    internal SimulatedRelation(int number, RelationEndpoint first, RelationEndpoint second, string interfaceName, bool isPeer)
    {
        Number = number;
        First = first;
        Second = second;
        Interface = interfaceName;
        IsPeer = isPeer;
    }

    /// <summary>The relation number (the <c>7</c> of <c>cluster:7</c>), unique in the model.</summary>
    public int Number { get; }

    /// <summary>The first side, as related.</summary>
    public RelationEndpoint First { get; }

    /// <summary>The second side (the same application for a peer relation).</summary>
    public RelationEndpoint Second { get; }

    /// <summary>The interface both endpoints declare.</summary>
    public string Interface { get; }

    /// <summary>Whether this is a peer relation.</summary>
    public bool IsPeer { get; }

    /// <summary>The relation was removed and every unit has run <c>relation-broken</c>.</summary>
    public bool IsRemoved { get; internal set; }

    /// <summary>The relation is being removed (<c>remove-relation</c>).</summary>
    public bool IsDying { get; internal set; }

    /// <summary>
    /// The relation's status as <c>goal-state</c> prints it, Juju's: <c>joining</c> until a unit enters its scope,
    /// <c>joined</c> then, <c>broken</c> once it is being removed.
    /// </summary>
    public string Status => IsDying || IsRemoved ? "broken" : Members.Values.Any(m => m.State != MembershipState.Joining) ? "joined" : "joining";

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public DateTimeOffset StatusSince { get; internal set; }

    /// <summary>Each unit's participation, by unit name.</summary>
    internal Dictionary<string, RelationMembership> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="application"/> is one of the sides.</summary>
    public bool Involves(string application) => First.Application == application || Second.Application == application;

    /// <summary>The endpoint name on <paramref name="application"/>'s side.</summary>
    /// <exception cref="ArgumentException">The application is not in the relation.</exception>
    public string EndpointOf(string application) => First.Application == application ? First.Endpoint
        : Second.Application == application ? Second.Endpoint
        : throw new ArgumentException($"Application '{application}' is not in relation {Number} ({this}).", nameof(application));

    /// <summary>The relation id as <paramref name="application"/>'s units see it, e.g. <c>cluster:7</c>.</summary>
    public RelationId IdFor(string application) => new(EndpointOf(application), Number);

    /// <summary>The application on the other side (the same one for a peer relation).</summary>
    public string RemoteApplicationOf(string application)
    {
        _ = EndpointOf(application);
        return IsPeer ? application : First.Application == application ? Second.Application : First.Application;
    }

    /// <summary>A unit's databag; empty when the unit never entered the relation.</summary>
    public IReadOnlyDictionary<string, string> UnitData(string unit)
        => _unitData.TryGetValue(unit, out var data) ? new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(data, StringComparer.Ordinal)) : ReadOnlyDictionary<string, string>.Empty;

    /// <summary>An application's databag.</summary>
    public IReadOnlyDictionary<string, string> ApplicationData(string application)
        => _appData.TryGetValue(application, out var data) ? new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(data, StringComparer.Ordinal)) : ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The units in the relation's scope (their <c>relation-created</c> succeeded and they are not leaving).</summary>
    public IReadOnlyList<string> UnitsInScope
        => [.. Members.Where(m => m.Value.State == MembershipState.InScope).Select(m => m.Key).Order(UnitName.TextOrder)];

    /// <summary>The remote units <paramref name="unit"/> has seen join and not depart: what <c>relation-list</c> prints for it.</summary>
    public IReadOnlyList<string> UnitsSeenBy(string unit)
        => Members.TryGetValue(unit, out var membership) ? [.. membership.Seen] : [];

    /// <summary>Whether the unit has a databag here (it entered the relation at some point).</summary>
    internal bool HasUnitData(string unit) => _unitData.ContainsKey(unit);

    /// <summary>The unit's databag, created with the address keys Juju fills in.</summary>
    internal SortedDictionary<string, string> EnsureUnitData(SimulatedUnit unit)
    {
        if (!_unitData.TryGetValue(unit.Name, out var data))
        {
            data = new SortedDictionary<string, string>(JujuAgentRules.UnitAddressKeys(unit.Address).ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
            _unitData[unit.Name] = data;
        }

        return data;
    }

    /// <summary>The application's databag, created empty.</summary>
    internal SortedDictionary<string, string> EnsureAppData(string application)
    {
        if (!_appData.TryGetValue(application, out var data))
        {
            data = new SortedDictionary<string, string>(StringComparer.Ordinal);
            _appData[application] = data;
        }

        return data;
    }

    /// <summary>The live databag of a unit, if it exists.</summary>
    internal SortedDictionary<string, string>? RawUnitData(string unit) => _unitData.GetValueOrDefault(unit);

    /// <inheritdoc />
    public override string ToString() => IsPeer ? $"{First} (peer)" : $"{First} {Second}";
}

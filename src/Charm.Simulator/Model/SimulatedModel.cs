using System.Collections.Immutable;
using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>The simulated Juju model: its applications (with their units), relations and secrets.</summary>
public sealed class SimulatedModel
{
    private readonly List<SimulatedApplication> _applications = [];
    private readonly List<SimulatedRelation> _relations = [];

    internal SimulatedModel(string name, string uuid)
    {
        Name = name;
        Uuid = uuid;
    }

    /// <summary>The model name (<c>JUJU_MODEL_NAME</c>).</summary>
    public string Name { get; }

    /// <summary>The model UUID (<c>JUJU_MODEL_UUID</c>).</summary>
    public string Uuid { get; }

    /// <summary>The applications, in deploy order.</summary>
    public IReadOnlyList<SimulatedApplication> Applications => _applications;

    /// <summary>The relations not yet removed, in the order they were made.</summary>
    public IReadOnlyList<SimulatedRelation> Relations => [.. _relations.Where(r => !r.IsRemoved)];

    /// <summary>Every unit not yet removed, by application (deploy order) then number.</summary>
    public IReadOnlyList<SimulatedUnit> Units => [.. _applications.SelectMany(a => a.Units)];

    /// <summary>The application called <paramref name="name"/>, or <see langword="null"/>.</summary>
    public SimulatedApplication? FindApplication(string name) => _applications.Find(a => a.Name == name);

    /// <summary>The application called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There is none.</exception>
    public SimulatedApplication GetApplication(string name)
        => FindApplication(name) ?? throw new ArgumentException($"There is no application '{name}' in the model (deployed: {Describe(_applications.Select(a => a.Name))}).", nameof(name));

    /// <summary>The unit called <paramref name="name"/> (<c>app/3</c>) that is not removed, or <see langword="null"/>.</summary>
    public SimulatedUnit? FindUnit(string name)
    {
        return UnitName.TryParse(name, out var unit) ? FindApplication(unit.Application)?.Units.FirstOrDefault(u => u.Name == name) : null;
    }

    /// <summary>The unit called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There is none.</exception>
    public SimulatedUnit GetUnit(string name)
        => FindUnit(name) ?? throw new ArgumentException($"There is no unit '{name}' in the model (units: {Describe(Units.Select(u => u.Name))}).", nameof(name));

    /// <summary>The relation numbered <paramref name="number"/> that is not removed, or <see langword="null"/>.</summary>
    public SimulatedRelation? FindRelation(int number) => _relations.Find(r => r.Number == number && !r.IsRemoved);

    /// <summary>The relations <paramref name="application"/> takes part in.</summary>
    public IReadOnlyList<SimulatedRelation> RelationsOf(string application) => [.. Relations.Where(r => r.Involves(application))];

    /// <summary>The secrets charms made (<c>secret-add</c>) and have not removed, by id.</summary>
    public IReadOnlyList<SimulatedSecret> Secrets => [.. SecretStore.Values];

    internal int NextRelationNumber { get; set; }

    /// <summary>The secrets by id; a hook works on a copy and the copy replaces this when the hook succeeds.</summary>
    /// <summary>The number the next instance of each storage name gets (Juju numbers instances per name across the model).</summary>
    internal Dictionary<string, int> NextStorageNumbers { get; } = new(StringComparer.Ordinal);

    internal ImmutableSortedDictionary<string, SimulatedSecret> SecretStore { get; set; } = ImmutableSortedDictionary.Create<string, SimulatedSecret>(StringComparer.Ordinal);

    /// <summary>How many secrets were ever made (numbers the next id).</summary>
    internal int SecretsMade { get; set; }

    internal void Add(SimulatedApplication application) => _applications.Add(application);

    internal void Add(SimulatedRelation relation) => _relations.Add(relation);

    private static string Describe(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "none" : list;
    }
}

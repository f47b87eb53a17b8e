using System.Collections.Immutable;
using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>An application in the simulated model: its charm, units, leader, config and status.</summary>
public sealed class SimulatedApplication
{
    private readonly List<SimulatedUnit> _units = [];

    internal SimulatedApplication(string name, CharmSource charm, int index)
    {
        Name = name;
        Charm = charm;
        Index = index;
    }

    /// <summary>The application name.</summary>
    public string Name { get; }

    /// <summary>Its charm.</summary>
    public CharmSource Charm { get; }

    /// <summary>The charm's declared endpoints.</summary>
    public CharmMetadata Metadata => Charm.Metadata;

    /// <summary>The units not yet removed (alive or dying), by number.</summary>
    public IReadOnlyList<SimulatedUnit> Units => _units;

    /// <summary>The leader, if any unit holds the lease.</summary>
    public SimulatedUnit? Leader { get; internal set; }

    /// <summary>The config set with <c>juju config</c> (or at deploy); see <see cref="EffectiveConfig"/> for what the charm sees.</summary>
    public ImmutableSortedDictionary<string, ConfigValue> Config { get; internal set; } = ImmutableSortedDictionary.Create<string, ConfigValue>(StringComparer.Ordinal);

    /// <summary>What <c>config-get</c> returns: the charm's defaults with <see cref="Config"/> over them.</summary>
    public ImmutableSortedDictionary<string, ConfigValue> EffectiveConfig => Charm.Config is { } declared ? declared.Defaults.SetItems(Config) : Config;

    /// <summary>The application status the leader set.</summary>
    public Status Status { get; internal set; } = Status.Unknown;

    /// <summary>The deploy order (0 for the first application).</summary>
    internal int Index { get; }

    /// <summary>The number the next unit gets; Juju never reuses unit numbers.</summary>
    internal int NextUnitNumber { get; set; }

    internal void AddUnit(SimulatedUnit unit) => _units.Add(unit);

    internal void RemoveUnit(SimulatedUnit unit) => _units.Remove(unit);

    /// <inheritdoc />
    public override string ToString() => Name;
}

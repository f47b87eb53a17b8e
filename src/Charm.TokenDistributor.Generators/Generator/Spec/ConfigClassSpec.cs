using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Metadata;

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>Where a charm's typed config class goes and what it holds: only what the emitter reads, so an edit elsewhere in the charm leaves it equal.</summary>
/// <param name="Namespace">The charm's namespace, dotted; empty for the global namespace.</param>
/// <param name="ContainingTypes">The types the charm is nested in, outermost first.</param>
/// <param name="Name">The charm class's name (not escaped).</param>
/// <param name="HintName">The charm's generated file's hint name (the config file's is made from it).</param>
/// <param name="HidesBaseCharmMembers">Whether a base class is itself an attributed charm (its <c>Config</c> is then hidden with <c>new</c>).</param>
/// <param name="Options">The declared options that get a property, in file order.</param>
/// <param name="Diagnostics">The options left out for this charm (CTD5008: the property would be named like the class), or why the whole class is (CTD4015).</param>
/// <param name="Emit">Whether the class is generated: not while the charm declares a member with its name or its property's (CTD4015).</param>
internal sealed record ConfigClassSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string HintName,
    bool HidesBaseCharmMembers,
    EquatableArray<ConfigOption> Options,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool Emit = true)
{
    /// <summary>The typed class's spec for <paramref name="charm"/>, or null when no <c>charmcraft.yaml</c> declares <c>config</c>.</summary>
    public static ConfigClassSpec? For(ConfigTarget charm, EquatableArray<ConfigOption>? options)
    {
        if (options is not { } declared)
        {
            return null;
        }

        if (charm.NamesTaken.Count > 0)
        {
            return new(charm.Namespace, charm.ContainingTypes, charm.Name, charm.HintName, charm.HidesBaseCharmMembers, EquatableArray<ConfigOption>.Empty, charm.NamesTaken, Emit: false);
        }

        var className = charm.Name + "Config";
        var kept = new System.Collections.Generic.List<ConfigOption>();
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        foreach (var option in declared)
        {
            if (option.Property == className)
            {
                // A member cannot have its enclosing type's name (CS0542).
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ConfigOptionWithoutProperty,
                    option.Location,
                    option.Key,
                    "its property '" + option.Property + "' would have the name of " + charm.Name + "'s typed config class"));
                continue;
            }

            kept.Add(option);
        }

        return new(charm.Namespace, charm.ContainingTypes, charm.Name, charm.HintName, charm.HidesBaseCharmMembers, kept.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>The typed class's name: <c>{Charm}Config</c>.</summary>
    public string ClassName => Name + "Config";

    /// <summary>The generated file's hint name: the charm's, <c>{Namespace}.{Charm}.Config.g.cs</c>.</summary>
    public string ConfigHintName => HintName.EndsWith(CharmSuffix, System.StringComparison.Ordinal)
        ? HintName.Substring(0, HintName.Length - CharmSuffix.Length) + ".Config.g.cs"
        : HintName + ".Config.g.cs";

    private const string CharmSuffix = ".TokenDistributor.g.cs";
}

/// <summary>What the typed config class needs of a charm, taken from its <see cref="CharmSpec"/>.</summary>
/// <param name="Namespace">The charm's namespace, dotted; empty for the global namespace.</param>
/// <param name="ContainingTypes">The types the charm is nested in, outermost first.</param>
/// <param name="Name">The charm class's name (not escaped).</param>
/// <param name="HintName">The charm's generated file's hint name.</param>
/// <param name="HidesBaseCharmMembers">Whether a base class is itself an attributed charm.</param>
/// <param name="NamesTaken">CTD4015 for the charm's members named <c>Config</c> or <c>{Charm}Config</c>.</param>
internal sealed record ConfigTarget(string Namespace, EquatableArray<ContainingTypeSpec> ContainingTypes, string Name, string HintName, bool HidesBaseCharmMembers, EquatableArray<DiagnosticInfo> NamesTaken)
{
    /// <summary>The target of <paramref name="charm"/>.</summary>
    public static ConfigTarget Of(CharmSpec charm) => new(charm.Namespace, charm.ContainingTypes, charm.Name, charm.HintName, charm.HidesBaseCharmMembers, charm.ConfigNamesTaken);
}

using System.Collections.Generic;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// CTD4015: a member the charm class declares itself with the name of one the generator adds to it. Without the check
/// the build fails with the compiler's duplicate-member error (CS0102, CS0111), which says nothing of the generator.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>
    /// Reports each member of <paramref name="type"/> that takes a generated name (the relation surfaces and their
    /// classes, <c>InitializeTokenDistributor</c>, <c>HandledHooks</c>) into <paramref name="diagnostics"/>, and returns
    /// the diagnostics for the typed config's names (<c>Config</c>, <c>{Charm}Config</c>), reported only when a
    /// <c>charmcraft.yaml</c> declares config, which is then not generated for this charm.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Check(
        INamedTypeSymbol type, IEnumerable<string> consumerProperties, IEnumerable<string> providerProperties, List<DiagnosticInfo> diagnostics)
    {
        Report(type, KnownNames.InitializeMethod, "the generated initialiser", diagnostics);
        Report(type, KnownNames.HandledHooksProperty, "the generated list of handled hooks", diagnostics);
        foreach (var property in consumerProperties)
        {
            Report(type, property, "the generated surface of a consumer relation", diagnostics);
            Report(type, Naming.SurfaceClassName(property), "the generated class of a consumer relation's surface", diagnostics);
        }

        foreach (var property in providerProperties)
        {
            Report(type, property, "the generated distributor of a provider relation", diagnostics);
        }

        var config = new List<DiagnosticInfo>();
        Report(type, "Config", "the generated typed config (from charmcraft.yaml's config.options, not generated while the name is taken)", config);
        Report(type, type.Name + "Config", "the generated typed config class (from charmcraft.yaml's config.options, not generated while the name is taken)", config);
        return config.ToEquatableArray();
    }

    private static void Report(INamedTypeSymbol type, string name, string what, List<DiagnosticInfo> diagnostics)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member.IsImplicitlyDeclared)
            {
                continue;
            }

            foreach (var location in member.Locations)
            {
                if (location.IsInSource)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberNameTaken, location, type.Name, name, what));
                    return;
                }
            }
        }
    }
}

using System.Collections.Generic;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Whether an attributed class has a shape the generator can complete (CTD4001, CTD4002, CTD4007, CTD4013), and the
/// partial containing types it is re-declared in. The generator asks it for every attributed class; CTD4001's analyzer
/// asks <see cref="IsPartialWithContainers"/>, so both report the same diagnostic at the same place.
/// </summary>
internal static class CharmShape
{
    /// <summary>
    /// Adds a diagnostic for each reason the generator cannot complete <paramref name="type"/>; returns its containing
    /// types (outermost first) when it can, or null.
    /// </summary>
    public static List<Spec.ContainingTypeSpec>? Check(INamedTypeSymbol type, string attributeName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var location = LocationOf(type);
        var completable = true;
        if (!IsPartialWithContainers(type, cancellationToken))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CharmClassMustBePartial, location, type.Name));
            completable = false;
        }

        if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsStatic || !type.BaseType.IsOrDerivesFrom(KnownNames.CharmBase))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase, location, type.Name, attributeName));
            completable = false;
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.Arity > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericCharmClass, location, type.Name));
                completable = false;
                break;
            }
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalCharm, location, type.Name));
                completable = false;
                break;
            }
        }

        if (!completable)
        {
            return null;
        }

        var containingTypes = new List<Spec.ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (Keyword(outer) is not { } keyword)
            {
                return null;
            }

            containingTypes.Add(new Spec.ContainingTypeSpec(keyword, outer.Name));
        }

        containingTypes.Reverse();
        return containingTypes;
    }

    /// <summary>Where a diagnostic about the class goes: its name in its first declaration.</summary>
    public static Location LocationOf(INamedTypeSymbol type) => type.Locations.Length > 0 ? type.Locations[0] : Location.None;

    /// <summary>Whether every declaration of <paramref name="type"/> and of each type it is nested in says <c>partial</c>.</summary>
    public static bool IsPartialWithContainers(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether a top-level class elsewhere in the assembly can name the type.</summary>
    public static bool IsVisibleInAssembly(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a base class is itself an attributed charm (then the generated statics hide its own).</summary>
    public static bool BaseIsAttributedCharm(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null && !t.Is(KnownNames.CharmBase); t = t.BaseType)
        {
            foreach (var attribute in t.GetAttributes())
            {
                if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute) || attribute.AttributeClass.Is(KnownNames.ProviderAttribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? Keyword(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Class => type.IsRecord ? "record" : "class",
        TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
        TypeKind.Interface => "interface",
        _ => null,
    };
}

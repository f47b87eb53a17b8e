using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Diagnostics;

/// <summary>
/// The rules the generator reports itself: every reason it leaves a charm, an attribute, a hook or a mirror key out,
/// and the checks against <c>charmcraft.yaml</c>. The compiler reports a generator's diagnostics even when it stops
/// before running analyzers (on declaration errors such as <c>CS0759</c>, which a skipped charm causes), and before its
/// own errors, so the first error of such a build names the cause. CTD4001 is also reported by
/// <c>CharmAttributeAnalyzer</c>, where its code fix (and <c>dotnet format</c>) finds it; the compiler keeps one of two
/// identical diagnostics.
/// </summary>
internal static class GeneratorDiagnostics
{
    /// <summary>Every descriptor the generator may report.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.CharmClassMustBePartial,
        DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase,
        DiagnosticDescriptors.EmptyRelationName,
        DiagnosticDescriptors.EmptyConsumerCommand,
        DiagnosticDescriptors.RelationClaimedTwice,
        DiagnosticDescriptors.ConsumerAndProviderOnSameRelation,
        DiagnosticDescriptors.GenericCharmClass,
        DiagnosticDescriptors.InvalidMirrorKeyProperty,
        DiagnosticDescriptors.InvalidMirrorKey,
        DiagnosticDescriptors.MirrorKeyRelationMismatch,
        DiagnosticDescriptors.PrimaryConstructorCharm,
        DiagnosticDescriptors.FileLocalCharm,
        DiagnosticDescriptors.HookMethodMismatch,
        DiagnosticDescriptors.GeneratedMemberNameTaken,
        DiagnosticDescriptors.RelationNotDeclared,
        DiagnosticDescriptors.RelationDeclaredWithWrongRole,
        DiagnosticDescriptors.RelationWithoutInterface,
        DiagnosticDescriptors.HandlerEndpointNotDeclared,
        DiagnosticDescriptors.WrongTokenDistributorInterface,
        DiagnosticDescriptors.HandlerActionNotDeclared,
        DiagnosticDescriptors.ConfigOptionMalformed,
        DiagnosticDescriptors.ConfigOptionWithoutProperty);
}

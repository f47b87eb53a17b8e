using System;
using System.Collections.Generic;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Reads <c>[MirrorKey]</c> properties (from syntax where that is certain, from the bound property otherwise) and decides
/// which the generator implements; each one it leaves out gets its reason (CTD4009–CTD4011). The checks are the same
/// for both readings: a candidate carries what each check needs.
/// </summary>
internal static class MirrorKeyReader
{
    private const string TokenDistributorNamespace = "Charm.TokenDistributor";

    /// <summary>Reads a property with an attribute that may be <c>[MirrorKey]</c>; null when it carries none.</summary>
    public static SyntaxRead FromSyntax(PropertyDeclarationSyntax property, out MirrorKeyCandidate? candidate)
    {
        candidate = null;
        AttributeSyntax? mirrorKey = null;
        foreach (var list in property.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (!MemberSyntaxReader.MayBeMirrorKey(attribute))
                {
                    continue;
                }

                if (list.Target is not null || !SyntaxNames.IsFrom(attribute, TokenDistributorNamespace) || mirrorKey is not null)
                {
                    return SyntaxRead.NeedsSemantics;
                }

                mirrorKey = attribute;
            }
        }

        if (mirrorKey is null)
        {
            return SyntaxRead.Done;
        }

        bool isNullable;
        string? typeProblem = null;
        switch (property.Type)
        {
            case PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword }:
                isNullable = false;
                break;
            case NullableTypeSyntax { ElementType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } }:
                isNullable = true;
                break;
            case PredefinedTypeSyntax or NullableTypeSyntax { ElementType: PredefinedTypeSyntax }:
                isNullable = false;
                typeProblem = NotAString;
                break;
            default:
                return SyntaxRead.NeedsSemantics;
        }

        string? key = null;
        string? relation = null;
        var keyLocation = mirrorKey.GetLocation();
        var relationLocation = keyLocation;
        foreach (var argument in mirrorKey.ArgumentList?.Arguments ?? default)
        {
            if (argument.Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal || argument.NameColon is not null)
            {
                return SyntaxRead.NeedsSemantics;
            }

            if (argument.NameEquals is null)
            {
                if (key is not null)
                {
                    return SyntaxRead.NeedsSemantics;
                }

                key = literal.Token.ValueText;
                keyLocation = argument.GetLocation();
            }
            else if (argument.NameEquals.Name.Identifier.ValueText == "Relation")
            {
                relation = literal.Token.ValueText;
                relationLocation = argument.GetLocation();
            }
            else
            {
                return SyntaxRead.NeedsSemantics;
            }
        }

        var problem = !property.Modifiers.Any(SyntaxKind.PartialKeyword) ? NotPartial
            : typeProblem ?? (property.Modifiers.Any(SyntaxKind.StaticKeyword) ? Static : null);
        candidate = new MirrorKeyCandidate(
            property.Identifier.ValueText,
            property.Identifier.GetLocation(),
            key,
            keyLocation,
            relation,
            relationLocation,
            mirrorKey.GetLocation(),
            problem,
            problem is null ? Spec(property, isNullable) : null);
        return SyntaxRead.Done;
    }

    /// <summary>Reads a bound <c>[MirrorKey]</c> property; null when it carries none.</summary>
    public static MirrorKeyCandidate? FromSymbol(IPropertySymbol property, PropertyDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        AttributeData? mirrorKey = null;
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass.Is(KnownNames.MirrorKeyAttribute))
            {
                mirrorKey = attribute;
                break;
            }
        }

        if (mirrorKey is null)
        {
            return null;
        }

        string? relation = null;
        foreach (var named in mirrorKey.NamedArguments)
        {
            if (named.Key == "Relation" && named.Value.Value is string given)
            {
                relation = given;
            }
        }

        var problem = !HasPartialDeclaration(property, cancellationToken) ? NotPartial
            : property.Type.SpecialType != SpecialType.System_String ? NotAString
            : property.IsStatic ? Static
            : null;
        var implementable = problem is null && property.IsPartialDefinition && property.PartialImplementationPart is null && !property.IsIndexer;
        return new MirrorKeyCandidate(
            property.Name,
            property.Locations.Length > 0 ? property.Locations[0] : Location.None,
            mirrorKey.ConstructorArguments.Length == 1 ? mirrorKey.ConstructorArguments[0].Value as string : null,
            AttributeSyntaxLocations.Argument(mirrorKey, 0, cancellationToken),
            relation,
            AttributeSyntaxLocations.Named(mirrorKey, "Relation", cancellationToken),
            AttributeSyntaxLocations.Of(mirrorKey, cancellationToken),
            problem,
            implementable ? Spec(syntax, property.Type.NullableAnnotation == NullableAnnotation.Annotated) : null);
    }

    /// <summary>
    /// Checks each candidate and returns the ones the generator implements, with their consumer; a diagnostic for each
    /// left out. <paramref name="consumerRelations"/> are the relations every consumer attribute names (completed or not),
    /// <paramref name="completed"/> the consumers the generator completes.
    /// </summary>
    public static List<MirrorKeySpec> Assign(
        IReadOnlyList<MirrorKeyCandidate> candidates,
        IReadOnlyList<string> consumerRelations,
        IReadOnlyList<ConsumerAttributeInfo> completed,
        List<DiagnosticInfo> diagnostics)
    {
        var accepted = new List<MirrorKeySpec>();
        var declared = new Dictionary<(string Relation, string Key), string>();
        foreach (var candidate in candidates)
        {
            var valid = true;
            var problem = candidate.ShapeProblem
                ?? (consumerRelations.Count == 0 ? "is in a class without [TokenDistributorConsumer]: a mirrored value belongs to a consumer relation" : null);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMirrorKeyProperty, candidate.PropertyLocation, candidate.PropertyName, problem));
                valid = false;
            }

            var relation = Relation(candidate, consumerRelations, diagnostics);
            if (KeyProblem(candidate.Key) is { } keyProblem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMirrorKey, candidate.KeyLocation, candidate.Key ?? "", keyProblem));
                valid = false;
            }
            else if (relation is not null)
            {
                if (declared.TryGetValue((relation, candidate.Key!), out var first))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidMirrorKey,
                        candidate.KeyLocation,
                        candidate.Key!,
                        "is declared twice on the relation '" + relation + "' (also by '" + first + "'): give each property its own key"));
                    valid = false;
                }
                else
                {
                    declared[(relation, candidate.Key!)] = candidate.PropertyName;
                }
            }

            var owner = relation is null ? null : FindConsumer(completed, relation);
            if (valid && owner is not null && candidate.Spec is { } spec)
            {
                accepted.Add(spec with { Key = candidate.Key!, ConsumerPropertyName = owner.PropertyName, Relation = owner.Relation });
            }
        }

        return accepted;
    }

    /// <summary>Why a key is not a valid mirror key, or null.</summary>
    public static string? KeyProblem(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "needs a key: the part after 'mirror-', e.g. \"ca-cert\"";
        }

        if (key!.StartsWith(MirrorPrefix, StringComparison.Ordinal))
        {
            return "already starts with 'mirror-': give the key without the prefix";
        }

        foreach (var c in key)
        {
            if (char.IsWhiteSpace(c) || c == '=')
            {
                return "is not a valid databag key: no white space or '='";
            }
        }

        return null;
    }

    /// <summary>The prefix of every mirrored key in a databag.</summary>
    public const string MirrorPrefix = "mirror-";

    private const string NotPartial = "must be partial: the generator implements it";
    private const string NotAString = "must be of type string or string?";
    private const string Static = "must be an instance property";

    /// <summary>The consumer relation the property belongs to (CTD4011 when there is not exactly one).</summary>
    private static string? Relation(MirrorKeyCandidate candidate, IReadOnlyList<string> consumers, List<DiagnosticInfo> diagnostics)
    {
        if (candidate.Relation is { } named)
        {
            if (consumers.Count > 0 && !Contains(consumers, named))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.MirrorKeyRelationMismatch,
                    candidate.RelationLocation,
                    candidate.PropertyName,
                    "names the relation '" + named + "', which no [TokenDistributorConsumer] on the class declares (" + string.Join(", ", consumers) + ")"));
                return null;
            }

            return named;
        }

        if (consumers.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.MirrorKeyRelationMismatch,
                candidate.AttributeLocation,
                candidate.PropertyName,
                "must set Relation: the class consumes several relations (" + string.Join(", ", consumers) + ")"));
            return null;
        }

        return consumers.Count == 1 ? consumers[0] : null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (candidate == value)
            {
                return true;
            }
        }

        return false;
    }

    private static ConsumerAttributeInfo? FindConsumer(IReadOnlyList<ConsumerAttributeInfo> consumers, string relation)
    {
        foreach (var consumer in consumers)
        {
            if (consumer.Relation == relation)
            {
                return consumer;
            }
        }

        return null;
    }

    private static bool HasPartialDeclaration(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is PropertyDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the emitter needs of a declaration it implements; null when the declaration already has a body.</summary>
    private static MirrorKeySpec? Spec(PropertyDeclarationSyntax property, bool isNullable)
    {
        if (property.ExpressionBody is not null || property.AccessorList is not { } accessorList)
        {
            return null;
        }

        var accessors = new List<AccessorSpec>(accessorList.Accessors.Count);
        foreach (var accessor in accessorList.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return null;
            }

            accessors.Add(new AccessorSpec(MemberSyntaxReader.JoinModifiers(accessor.Modifiers), accessor.Keyword.ValueText));
        }

        return new MirrorKeySpec(
            property.Identifier.ValueText,
            string.Empty,
            string.Empty,
            string.Empty,
            MemberSyntaxReader.JoinModifiers(property.Modifiers),
            isNullable,
            accessors.ToEquatableArray(),
            DocumentationLines(property));
    }

    /// <summary>The lines of the <c>///</c> comment before <paramref name="property"/>, without the <c>///</c> and one space.</summary>
    private static EquatableArray<string> DocumentationLines(PropertyDeclarationSyntax property)
    {
        var lines = new List<string>();
        foreach (var trivia in property.GetLeadingTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
            {
                continue;
            }

            foreach (var line in trivia.ToFullString().Replace("\r\n", "\n").Split('\n'))
            {
                var text = line.Trim();
                if (text.StartsWith("///", StringComparison.Ordinal))
                {
                    text = text.Substring(3);
                    lines.Add(text.StartsWith(" ", StringComparison.Ordinal) ? text.Substring(1) : text);
                }
            }
        }

        return lines.ToEquatableArray();
    }
}

/// <summary>A <c>[MirrorKey]</c> property as read, before the checks.</summary>
/// <param name="PropertyName">The property's name.</param>
/// <param name="PropertyLocation">Its name in source (CTD4009 goes there).</param>
/// <param name="Key">The key argument, or null when it is not a string.</param>
/// <param name="KeyLocation">The key argument in source (CTD4010).</param>
/// <param name="Relation">The <c>Relation</c> named argument, or null.</param>
/// <param name="RelationLocation">That argument in source, or the attribute (CTD4011).</param>
/// <param name="AttributeLocation">The attribute in source.</param>
/// <param name="ShapeProblem">Why the property's declaration cannot be implemented, or null.</param>
/// <param name="Spec">What the emitter needs, when the declaration is one to implement (its key, consumer and relation filled in later).</param>
internal sealed record MirrorKeyCandidate(
    string PropertyName,
    Location PropertyLocation,
    string? Key,
    Location KeyLocation,
    string? Relation,
    Location RelationLocation,
    Location AttributeLocation,
    string? ShapeProblem,
    MirrorKeySpec? Spec);

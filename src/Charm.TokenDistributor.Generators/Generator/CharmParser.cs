using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Symbols → <see cref="CharmSpec"/>. Runs inside the incremental transform, so it is the only place that sees
/// symbols and syntax; what it returns holds strings, bools, enums and <see cref="EquatableArray{T}"/> only.
/// </summary>
/// <remarks>
/// Anything the generator cannot implement (a generic or non-partial class, a class that does not derive from
/// <c>CharmBase</c>, an attribute with missing arguments, a misnamed hook, a mirror key of the wrong shape) is left out
/// with a diagnostic saying why and what to do (<see cref="Diagnostics.GeneratorDiagnostics"/>): the generator reports
/// them itself because the compiler does not run analyzers once such a class causes declaration errors. An
/// <c>[On]</c> handler of the wrong shape is left out too; CTD3003's analyzer reports it (it breaks no declaration).
/// The members are found by walking the class's declarations syntactically, reading <c>[On]</c> and <c>[MirrorKey]</c>
/// from syntax where that is certain and binding a member only otherwise: the transform reruns for every charm on
/// every edit anywhere in the project, and binding members of a fresh compilation is what would make that expensive.
/// </remarks>
internal static class CharmParser
{
    /// <summary>The transform for classes with <c>[TokenDistributorConsumer]</c>.</summary>
    /// <param name="context">The class and its matching attributes.</param>
    /// <param name="readMembersFromSyntax">Read members from syntax where that is certain (see <see cref="MemberSyntaxReader"/>); false binds every attributed member.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    public static CharmParse? ParseConsumerTarget(GeneratorAttributeSyntaxContext context, bool readMembersFromSyntax, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var attributes = type.GetAttributes();
        return IsFirstDeclarationWith(type, attributes, context.TargetNode, KnownNames.ConsumerAttribute)
            ? Parse(type, attributes, RelationAttributes.ConsumerName, context.SemanticModel, readMembersFromSyntax, cancellationToken)
            : null;
    }

    /// <summary>The transform for classes with <c>[TokenDistributorProvider]</c> (and no consumer attribute: those are parsed once, as consumers).</summary>
    /// <param name="context">The class and its matching attributes.</param>
    /// <param name="readMembersFromSyntax">See <see cref="ParseConsumerTarget"/>.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    public static CharmParse? ParseProviderTarget(GeneratorAttributeSyntaxContext context, bool readMembersFromSyntax, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var attributes = type.GetAttributes();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute))
            {
                return null;
            }
        }

        return IsFirstDeclarationWith(type, attributes, context.TargetNode, KnownNames.ProviderAttribute)
            ? Parse(type, attributes, RelationAttributes.ProviderName, context.SemanticModel, readMembersFromSyntax, cancellationToken)
            : null;
    }

    /// <summary>
    /// A partial class may carry the attribute on several declarations; the transform runs once per declaration.
    /// Only the first declaration (in the symbol's declaration order) that carries it produces the spec.
    /// </summary>
    private static bool IsFirstDeclarationWith(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, SyntaxNode target, string attributeName)
    {
        var references = type.DeclaringSyntaxReferences;
        if (references.Length <= 1)
        {
            return true;
        }

        var first = references.Length;
        foreach (var attribute in attributes)
        {
            if (!attribute.AttributeClass.Is(attributeName) || attribute.ApplicationSyntaxReference is not { } application)
            {
                continue;
            }

            for (var i = 0; i < first; i++)
            {
                if (references[i].SyntaxTree == application.SyntaxTree && references[i].Span.Contains(application.Span))
                {
                    first = i;
                    break;
                }
            }
        }

        return first < references.Length
            && references[first].SyntaxTree == target.SyntaxTree
            && references[first].Span == target.Span;
    }

    private static CharmParse Parse(
        INamedTypeSymbol type,
        ImmutableArray<AttributeData> attributes,
        string attributeName,
        SemanticModel semanticModel,
        bool readMembersFromSyntax,
        CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var containingTypes = CharmShape.Check(type, attributeName, diagnostics, cancellationToken);
        var relations = RelationAttributes.Read(type, attributes, diagnostics, cancellationToken);
        if (containingTypes is null || (relations.Consumers.Count == 0 && relations.Providers.Count == 0))
        {
            return new CharmParse(null, diagnostics.ToEquatableArray(), relations.Endpoints.ToEquatableArray());
        }

        var declarations = new List<ClassDeclarationSyntax>(type.DeclaringSyntaxReferences.Length);
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration)
            {
                declarations.Add(declaration);
            }
        }

        var members = MemberScanner.Scan(type, declarations, semanticModel, readMembersFromSyntax, cancellationToken);
        diagnostics.AddRange(members.Diagnostics);

        var candidates = new List<MirrorKeyCandidate>(members.MirrorKeys.Count);
        foreach (var candidate in members.MirrorKeys)
        {
            if (!members.ImplementedProperties.Contains(candidate.PropertyName))
            {
                candidates.Add(candidate);
            }
        }

        var mirrorKeys = MirrorKeyReader.Assign(candidates, ConsumerRelations(attributes), relations.Consumers, diagnostics);
        var hooks = HookMethods.Match(relations.Consumers, relations.NamedConsumers, members.Methods, members.Bind, diagnostics);

        var consumerSpecs = new List<ConsumerSpec>(relations.Consumers.Count);
        foreach (var consumer in relations.Consumers)
        {
            var keys = new List<string>();
            foreach (var mirrorKey in mirrorKeys)
            {
                if (mirrorKey.Relation == consumer.Relation && !keys.Contains(mirrorKey.Key))
                {
                    keys.Add(mirrorKey.Key);
                }
            }

            var implemented = new List<ConsumerHook>();
            foreach (var hook in Naming.ConsumerHooks)
            {
                if (hooks[consumer.PropertyName].Contains(hook))
                {
                    implemented.Add(hook);
                }
            }

            consumerSpecs.Add(new ConsumerSpec(
                consumer.Relation,
                consumer.PropertyName,
                consumer.Command,
                consumer.TokenLifetimeSeconds,
                consumer.CliTimeoutSeconds,
                implemented.ToEquatableArray(),
                keys.ToEquatableArray()));
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(NamespaceFormat)
            : string.Empty;
        var hintName = new System.Text.StringBuilder();
        if (ns.Length > 0)
        {
            hintName.Append(ns.Replace("@", string.Empty)).Append('.');
        }

        foreach (var outer in containingTypes)
        {
            hintName.Append(outer.Name).Append('.');
        }

        hintName.Append(type.Name).Append(".TokenDistributor.g.cs");

        var providerProperties = new List<string>(relations.Providers.Count);
        foreach (var provider in relations.Providers)
        {
            providerProperties.Add(provider.PropertyName);
        }

        var consumerProperties = new List<string>(consumerSpecs.Count);
        foreach (var consumer in consumerSpecs)
        {
            consumerProperties.Add(consumer.PropertyName);
        }

        var configNamesTaken = GeneratedNames.Check(type, consumerProperties, providerProperties, diagnostics);
        var hasContextConstructor = !members.HasUserConstructor || members.HasContextConstructor;
        var spec = new CharmSpec(
            ns,
            containingTypes.ToEquatableArray(),
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            hintName.ToString(),
            type.IsAbstract,
            members.HasUserConstructor,
            !type.IsAbstract && hasContextConstructor && CharmShape.IsVisibleInAssembly(type),
            CharmShape.BaseIsAttributedCharm(type),
            consumerSpecs.ToEquatableArray(),
            relations.Providers.ToEquatableArray(),
            mirrorKeys.ToEquatableArray(),
            members.Handlers.ToEquatableArray(),
            configNamesTaken);
        var endpoints = relations.Endpoints;
        endpoints.AddRange(members.HandlerEndpoints);
        return new CharmParse(spec, diagnostics.ToEquatableArray(), endpoints.ToEquatableArray());
    }

    /// <summary>
    /// The transform for a <c>[MirrorKey]</c> property: one in a class with no token distributor attribute is never
    /// implemented (CTD4009); those in attributed classes are the charm parse's.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> ParseOrphanMirrorKey(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IPropertySymbol { ContainingType: { } type } property || context.TargetNode is not PropertyDeclarationSyntax syntax)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute) || attribute.AttributeClass.Is(KnownNames.ProviderAttribute))
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }
        }

        var diagnostics = new List<DiagnosticInfo>();
        if (MirrorKeyReader.FromSymbol(property, syntax, cancellationToken) is { } candidate)
        {
            MirrorKeyReader.Assign([candidate], [], [], diagnostics);
        }

        return diagnostics.ToEquatableArray();
    }

    /// <summary>The relations the class's consumer attributes name (non-empty, each once), completed or not.</summary>
    private static List<string> ConsumerRelations(ImmutableArray<AttributeData> attributes)
    {
        var relations = new List<string>();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute) && AttributeSyntaxLocations.RelationOf(attribute) is { } relation
                && !string.IsNullOrWhiteSpace(relation) && !relations.Contains(relation))
            {
                relations.Add(relation);
            }
        }

        return relations;
    }

    private static readonly SymbolDisplayFormat NamespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);
}

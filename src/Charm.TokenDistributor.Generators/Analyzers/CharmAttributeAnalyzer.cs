using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// CTD4001–CTD4011: a class carrying <c>[TokenDistributorConsumer]</c> / <c>[TokenDistributorProvider]</c>, and its
/// <c>[MirrorKey]</c> properties, in the shape the source generator can extend. The generator itself reports nothing
/// and skips what it cannot generate; these diagnostics say why.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CharmAttributeAnalyzer : DiagnosticAnalyzer
{
    internal const string ConsumerName = "TokenDistributorConsumer";
    internal const string ProviderName = "TokenDistributorProvider";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.CharmClassMustBePartial,
        DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase,
        DiagnosticDescriptors.EmptyRelationName,
        DiagnosticDescriptors.EmptyConsumerCommand,
        DiagnosticDescriptors.RelationClaimedTwice,
        DiagnosticDescriptors.ConsumerAndProviderOnSameRelation,
        DiagnosticDescriptors.GenericCharmClass,
        DiagnosticDescriptors.ConstructorMustInitialize,
        DiagnosticDescriptors.InvalidMirrorKeyProperty,
        DiagnosticDescriptors.InvalidMirrorKey,
        DiagnosticDescriptors.MirrorKeyRelationMismatch,
        DiagnosticDescriptors.PrimaryConstructorCharm,
        DiagnosticDescriptors.FileLocalCharm);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = CharmTypes.Resolve(start.Compilation);
            if (types.ConsumerAttribute is null || types.ProviderAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeType(c, types), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, CharmTypes types)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var charm = CharmAttributes.Of(type, types);
        if (charm.Consumers.Count + charm.Providers.Count > 0)
        {
            AnalyzeClass(context, types, type, charm);
        }

        AnalyzeMirrorKeys(context, types, type, charm);
    }

    private static void AnalyzeClass(SymbolAnalysisContext context, CharmTypes types, INamedTypeSymbol type, CharmAttributes charm)
    {
        var cancellation = context.CancellationToken;
        var location = type.Locations.FirstOrDefault() ?? Location.None;
        if (!IsPartialWithContainers(type, cancellation))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CharmClassMustBePartial, location, type.Name));
        }

        if (types.CharmBase is not null && !types.IsCharm(type))
        {
            var first = charm.Consumers.Count > 0 ? ConsumerName : ProviderName;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase, location, type.Name, first));
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenericCharmClass, location, type.Name));
                break;
            }
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FileLocalCharm, location, type.Name));
                break;
            }
        }

        var consumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var consumer in charm.Consumers)
        {
            AnalyzeRelation(context, consumer, ConsumerName, consumed, type);
            AnalyzeCommand(context, consumer);
        }

        var provided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in charm.Providers)
        {
            if (AnalyzeRelation(context, provider, ProviderName, provided, type) is { } relation && consumed.Contains(relation))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ConsumerAndProviderOnSameRelation,
                    AttributeSyntaxLocations.Argument(provider, 0, cancellation),
                    relation,
                    type.Name));
            }
        }

        AnalyzeConstructors(context, type, cancellation);
    }

    /// <summary>Checks the relation argument; returns it when it is usable.</summary>
    private static string? AnalyzeRelation(SymbolAnalysisContext context, AttributeData attribute, string name, HashSet<string> claimed, INamedTypeSymbol type)
    {
        var relation = CharmAttributes.RelationOf(attribute);
        var location = AttributeSyntaxLocations.Argument(attribute, 0, context.CancellationToken);
        if (string.IsNullOrWhiteSpace(relation))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyRelationName, location, name));
            return null;
        }

        if (!claimed.Add(relation!))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RelationClaimedTwice, location, relation, name, type.Name));
            return null;
        }

        return relation;
    }

    private static void AnalyzeCommand(SymbolAnalysisContext context, AttributeData consumer)
    {
        if (consumer.ConstructorArguments.Length < 2)
        {
            return;
        }

        var relation = CharmAttributes.RelationOf(consumer) ?? "";
        var command = consumer.ConstructorArguments[1];
        if (command.Kind != TypedConstantKind.Array || command.IsNull || command.Values.IsEmpty)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EmptyConsumerCommand,
                AttributeSyntaxLocations.Of(consumer, context.CancellationToken),
                relation,
                "needs the cluster command, one word per argument, e.g. \"microctl\""));
            return;
        }

        for (var i = 0; i < command.Values.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(command.Values[i].Value as string))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EmptyConsumerCommand,
                    AttributeSyntaxLocations.Argument(consumer, i + 1, context.CancellationToken),
                    relation,
                    "has an empty word in its cluster command"));
            }
        }
    }

    /// <summary>
    /// CTD4008: every hand-written instance constructor calls the generated initialiser (directly, or through
    /// <c>this(…)</c>). CTD4012: a primary constructor cannot, and other constructors must chain to it.
    /// </summary>
    private static void AnalyzeConstructors(SymbolAnalysisContext context, INamedTypeSymbol type, CancellationToken cancellation)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.IsImplicitlyDeclared)
            {
                continue;
            }

            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellation);
                if (syntax is TypeDeclarationSyntax { ParameterList: { } primary })
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.PrimaryConstructorCharm,
                        primary.GetLocation(),
                        type.Name,
                        KnownNames.InitializeMethod));
                    continue;
                }

                if (syntax is not ConstructorDeclarationSyntax declaration
                    || declaration.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer }
                    || (declaration.Body is null && declaration.ExpressionBody is null)
                    || CallsInitializer(declaration))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ConstructorMustInitialize,
                    declaration.Identifier.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.InitializeMethod, KnownNames.InitializeMethod),
                    type.Name,
                    KnownNames.InitializeMethod));
            }
        }
    }

    private static bool CallsInitializer(ConstructorDeclarationSyntax declaration)
    {
        var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (body is null)
        {
            return false;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call
                && call.Expression switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText == KnownNames.InitializeMethod,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member => member.Name.Identifier.ValueText == KnownNames.InitializeMethod,
                    _ => false,
                })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPartialWithContainers(INamedTypeSymbol type, CancellationToken cancellation)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellation) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void AnalyzeMirrorKeys(SymbolAnalysisContext context, CharmTypes types, INamedTypeSymbol type, CharmAttributes charm)
    {
        if (types.MirrorKeyAttribute is null)
        {
            return;
        }

        var cancellation = context.CancellationToken;
        string?[]? consumerRelations = null;
        Dictionary<(string Relation, string Key), string>? declared = null;
        foreach (var member in type.GetMembers())
        {
            if (member is not IPropertySymbol property || !HasAttributeSyntax(property, cancellation))
            {
                continue;
            }

            foreach (var attribute in property.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.MirrorKeyAttribute))
                {
                    continue;
                }

                consumerRelations ??= charm.Consumers.Select(CharmAttributes.RelationOf).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToArray();
                declared ??= new Dictionary<(string Relation, string Key), string>();
                var location = property.Locations.FirstOrDefault() ?? Location.None;
                if (ShapeProblem(property, charm, cancellation) is { } problem)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidMirrorKeyProperty, location, property.Name, problem));
                }

                var relation = MirrorKeyRelation(context, attribute, property, consumerRelations);
                var key = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (KeyProblem(key) is { } keyProblem)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.InvalidMirrorKey, AttributeSyntaxLocations.Argument(attribute, 0, cancellation), key ?? "", keyProblem));
                }
                else if (relation is not null && key is not null)
                {
                    if (declared.TryGetValue((relation, key), out var first))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.InvalidMirrorKey,
                            AttributeSyntaxLocations.Argument(attribute, 0, cancellation),
                            key,
                            "is declared twice on the relation '" + relation + "' (also by '" + first + "')"));
                    }
                    else
                    {
                        declared[(relation, key)] = property.Name;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether any declaration of the property is written with attributes: a syntax-only test, so the attributes of
    /// the (many) properties without any are never bound on behalf of this rule.
    /// </summary>
    private static bool HasAttributeSyntax(IPropertySymbol property, CancellationToken cancellation)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellation) is PropertyDeclarationSyntax { AttributeLists.Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    private static string? ShapeProblem(IPropertySymbol property, CharmAttributes charm, CancellationToken cancellation)
    {
        if (!property.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellation) is PropertyDeclarationSyntax p && p.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            return "must be partial: the generator implements it";
        }

        if (property.Type.SpecialType != SpecialType.System_String)
        {
            return "must be of type string or string?";
        }

        if (property.IsStatic)
        {
            return "must be an instance property";
        }

        return charm.Consumers.Count == 0 ? "is in a class without [TokenDistributorConsumer]: a mirrored value belongs to a consumer relation" : null;
    }

    private static string? KeyProblem(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "needs a key: the part after 'mirror-', e.g. \"ca-cert\"";
        }

        if (key!.StartsWith(Flow.MirrorKeyExpression.Prefix, StringComparison.Ordinal))
        {
            return "already starts with 'mirror-': give the key without the prefix";
        }

        return key.Any(c => char.IsWhiteSpace(c) || c == '=') ? "is not a valid databag key: no white space or '='" : null;
    }

    /// <summary>The consumer relation the property belongs to; reports CTD4011 and returns null when there is not exactly one.</summary>
    private static string? MirrorKeyRelation(SymbolAnalysisContext context, AttributeData attribute, IPropertySymbol property, string?[] consumers)
    {
        var named = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Relation").Value.Value as string;
        if (named is not null)
        {
            if (consumers.Length > 0 && !consumers.Contains(named, StringComparer.Ordinal))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MirrorKeyRelationMismatch,
                    AttributeSyntaxLocations.Named(attribute, "Relation", context.CancellationToken),
                    property.Name,
                    "names the relation '" + named + "', which no [TokenDistributorConsumer] on the class declares (" + string.Join(", ", consumers) + ")"));
                return null;
            }

            return named;
        }

        if (consumers.Length > 1)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MirrorKeyRelationMismatch,
                AttributeSyntaxLocations.Of(attribute, context.CancellationToken),
                property.Name,
                "must set Relation: the class consumes several relations (" + string.Join(", ", consumers) + ")"));
            return null;
        }

        return consumers.Length == 1 ? consumers[0] : null;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Charm.TokenDistributor.Generators.Analyzers.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// CTD5001–CTD5003: when <c>charmcraft.yaml</c> or <c>metadata.yaml</c> is an AdditionalFile, each attribute's
/// relation must be declared there with the role it plays (<c>requires</c> for a consumer, <c>provides</c> for a
/// provider) and an interface.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CharmMetadataAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] MetadataFileNames = { "charmcraft.yaml", "metadata.yaml" };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.RelationNotDeclared,
        DiagnosticDescriptors.RelationDeclaredWithWrongRole,
        DiagnosticDescriptors.RelationWithoutInterface);

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

            var files = new List<string>();
            var endpoints = new Dictionary<string, List<EndpointDeclaration>>(StringComparer.Ordinal);
            foreach (var file in start.Options.AdditionalFiles)
            {
                var name = Path.GetFileName(file.Path);
                if (!MetadataFileNames.Contains(name, StringComparer.Ordinal) || file.GetText(start.CancellationToken) is not { } text)
                {
                    continue;
                }

                files.Add(name);
                foreach (var endpoint in CharmMetadataReader.Read(text))
                {
                    if (!endpoints.TryGetValue(endpoint.Name, out var list))
                    {
                        list = new List<EndpointDeclaration>();
                        endpoints[endpoint.Name] = list;
                    }

                    list.Add(endpoint);
                }
            }

            if (files.Count == 0)
            {
                return;
            }

            var described = string.Join(" and ", files.Distinct(StringComparer.Ordinal));
            start.RegisterSymbolAction(c => AnalyzeType(c, types, endpoints, described), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, CharmTypes types, Dictionary<string, List<EndpointDeclaration>> endpoints, string files)
    {
        var charm = CharmAttributes.Of((INamedTypeSymbol)context.Symbol, types);
        foreach (var consumer in charm.Consumers)
        {
            Check(context, consumer, EndpointRole.Requires, CharmAttributeAnalyzer.ConsumerName, endpoints, files);
        }

        foreach (var provider in charm.Providers)
        {
            Check(context, provider, EndpointRole.Provides, CharmAttributeAnalyzer.ProviderName, endpoints, files);
        }
    }

    private static void Check(
        SymbolAnalysisContext context,
        AttributeData attribute,
        EndpointRole expected,
        string attributeName,
        Dictionary<string, List<EndpointDeclaration>> endpoints,
        string files)
    {
        var relation = CharmAttributes.RelationOf(attribute);
        if (string.IsNullOrWhiteSpace(relation))
        {
            // CTD4003 already says so.
            return;
        }

        var location = AttributeSyntaxLocations.Argument(attribute, 0, context.CancellationToken);
        var expectedSection = EndpointDeclaration.SectionName(expected);
        if (!endpoints.TryGetValue(relation!, out var declarations))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RelationNotDeclared, location, relation, files, expectedSection));
            return;
        }

        var matching = declarations.FirstOrDefault(d => d.Role == expected);
        if (matching is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RelationDeclaredWithWrongRole,
                location,
                relation,
                EndpointDeclaration.SectionName(declarations[0].Role),
                files,
                attributeName,
                expectedSection));
            return;
        }

        if (string.IsNullOrWhiteSpace(matching.Interface) && declarations.All(d => d.Role != expected || string.IsNullOrWhiteSpace(d.Interface)))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RelationWithoutInterface, location, relation, files));
        }
    }
}

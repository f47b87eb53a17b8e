using System.Collections.Immutable;
using System.Threading;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// The attribute rules that have a code fix, which an IDE and <c>dotnet format analyzers</c> find only through an
/// analyzer: CTD4001 (the class is not partial; the generator reports the same diagnostic, so it reaches a build that
/// stops before analyzers run, and the compiler keeps one of the two) and CTD4008 (a hand-written constructor does not
/// call the generated initialiser). The generator reports every other reason it leaves something out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CharmAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.CharmClassMustBePartial,
        DiagnosticDescriptors.ConstructorMustInitialize);

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
        if (charm.Consumers.Count + charm.Providers.Count == 0)
        {
            return;
        }

        if (!CharmShape.IsPartialWithContainers(type, context.CancellationToken))
        {
            // The same descriptor, location and argument as the generator's (CharmShape.Check).
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CharmClassMustBePartial, CharmShape.LocationOf(type), type.Name));
        }

        AnalyzeConstructors(context, type, context.CancellationToken);
    }

    /// <summary>CTD4008: every hand-written instance constructor calls the generated initialiser (directly, or through <c>this(…)</c>).</summary>
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
                if (reference.GetSyntax(cancellation) is not ConstructorDeclarationSyntax declaration
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
}

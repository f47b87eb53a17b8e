using Charm.TokenDistributor.Generators.Diagnostics;
using System.Collections.Generic;
using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Generator;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// CTD3003: an <c>[On]</c> attribute the source generator ignores, so its handler never runs. The generator wires
/// <c>[On]</c> methods only in a class it completes (one carrying a token distributor attribute), and only in the
/// shapes <see cref="HandlerShape"/> accepts; without this rule such a handler is silently dead.
/// CTD3004: two wired handlers of one class observe the same event, so the generated observer ids name the methods
/// (a lone handler's id names only the class and the hook), and renaming either drops the events a unit deferred for it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OnHandlerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnwiredOnHandler, DiagnosticDescriptors.SharedEventHandlers);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = CharmTypes.Resolve(start.Compilation);
            if (types.OnAttribute is null || types.ConsumerAttribute is null || types.ProviderAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeMethod(c, types), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeSharedEvents(c, types), SymbolKind.NamedType);
            start.RegisterOperationAction(c => AnalyzeFunction(c, types, ((ILocalFunctionOperation)c.Operation).Symbol), OperationKind.LocalFunction);
            start.RegisterOperationAction(c => AnalyzeFunction(c, types, ((IAnonymousFunctionOperation)c.Operation).Symbol), OperationKind.AnonymousFunction);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, CharmTypes types)
    {
        var method = (IMethodSymbol)context.Symbol;
        foreach (var attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.OnAttribute))
            {
                continue;
            }

            var type = method.ContainingType;
            var problem = type is not null && IsCompletedByGenerator(type, types)
                ? HandlerShape.Problem(method, attribute, out _, out _)
                : "its class has no [TokenDistributorConsumer] or [TokenDistributorProvider], so no generated code observes it";
            Report(attribute, method, problem, context.ReportDiagnostic, context.CancellationToken);
        }
    }

    /// <summary>CTD3004 on every handler after the first of an event the class observes more than once.</summary>
    private static void AnalyzeSharedEvents(SymbolAnalysisContext context, CharmTypes types)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!IsCompletedByGenerator(type, types))
        {
            return;
        }

        var first = new Dictionary<(EventKind Kind, string? Endpoint), IMethodSymbol>();
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol method || method.MethodKind != MethodKind.Ordinary)
            {
                continue;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.OnAttribute)
                    || HandlerShape.Problem(method, attribute, out var kind, out var endpoint) is not null)
                {
                    continue;
                }

                if (!first.TryGetValue((kind, endpoint), out var earlier))
                {
                    first[(kind, endpoint)] = method;
                }
                else if (!SymbolEqualityComparer.Default.Equals(earlier, method) && attribute.ApplicationSyntaxReference is { } application)
                {
                    var described = endpoint is null ? EventKinds.Name(kind) : EventKinds.Name(kind) + " of '" + endpoint + "'";
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.SharedEventHandlers,
                        application.GetSyntax(context.CancellationToken).GetLocation(),
                        earlier.Name,
                        method.Name,
                        described));
                }
            }
        }
    }

    private static void AnalyzeFunction(OperationAnalysisContext context, CharmTypes types, IMethodSymbol function)
    {
        foreach (var attribute in function.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.OnAttribute))
            {
                Report(attribute, function, HandlerShape.Problem(function, attribute, out _, out _), context.ReportDiagnostic, context.CancellationToken);
            }
        }
    }

    /// <summary>The attribute must be on the class itself: the generator reads a class's own declarations, not its base's.</summary>
    private static bool IsCompletedByGenerator(INamedTypeSymbol type, CharmTypes types)
    {
        var attributes = CharmAttributes.Of(type, types);
        return attributes.Consumers.Count > 0 || attributes.Providers.Count > 0;
    }

    private static void Report(AttributeData attribute, IMethodSymbol method, string? problem, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        if (problem is null || attribute.ApplicationSyntaxReference is not { } application)
        {
            return;
        }

        var name = method.MethodKind == MethodKind.AnonymousFunction ? "lambda" : method.Name;
        report(Diagnostic.Create(DiagnosticDescriptors.UnwiredOnHandler, application.GetSyntax(cancellationToken).GetLocation(), name, problem));
    }
}

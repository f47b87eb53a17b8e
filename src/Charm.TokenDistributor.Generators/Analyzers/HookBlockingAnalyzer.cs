using Charm.TokenDistributor.Generators.Diagnostics;
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// CTD3001 and CTD3002: a hook handler that sleeps, waits without a timeout or loops forever. Hook handlers are the
/// members of a <c>CharmBase</c> subclass (and of a class carrying a token distributor attribute), <c>[On]</c>
/// methods, and lambdas or methods handed to <c>CharmFramework.Observe</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HookBlockingAnalyzer : DiagnosticAnalyzer
{
    private const string Sleeping = "by sleeping";
    private const string WaitingWithoutTimeout = "by waiting without a timeout";

    private static readonly ImmutableHashSet<string> WaitMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Wait", "WaitOne", "WaitAll", "WaitAny", "Join", "SignalAndWait", "WaitForExit");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BlockingCallInHook,
        DiagnosticDescriptors.UnboundedLoopInHook);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = CharmTypes.Resolve(start.Compilation);
            if (types.CharmBase is null || types.CharmFramework is null)
            {
                return;
            }

            var state = new State(types, start.Compilation);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, state), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeResult(c, state), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeLoop(c, state), OperationKind.Loop);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string? reason = null;
        if (method.Name == "Sleep" && Is(method.ContainingType, state.Thread))
        {
            reason = Sleeping;
        }
        else if (WaitMethods.Contains(method.Name) && state.IsWaitingType(method.ContainingType) && !HasFiniteTimeout(invocation))
        {
            reason = WaitingWithoutTimeout;
        }
        else if (method.Name == "GetResult" && method.ContainingType.Name.EndsWith("Awaiter", StringComparison.Ordinal)
                 && method.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices")
        {
            reason = WaitingWithoutTimeout;
        }

        if (reason is not null && state.IsHookHandler(context))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingCallInHook,
                invocation.Syntax.GetLocation(),
                method.ContainingType.Name + "." + method.Name,
                reason));
        }
    }

    private static void AnalyzeResult(OperationAnalysisContext context, State state)
    {
        var property = (IPropertyReferenceOperation)context.Operation;
        if (property.Property.Name == "Result" && state.IsTaskType(property.Property.ContainingType) && state.IsHookHandler(context))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingCallInHook,
                property.Syntax.GetLocation(),
                property.Property.ContainingType.Name + ".Result",
                WaitingWithoutTimeout));
        }
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, State state)
    {
        var loop = (ILoopOperation)context.Operation;
        var forever = loop switch
        {
            IWhileLoopOperation { Condition: { } condition } => condition.ConstantValue is { HasValue: true, Value: true },
            IForLoopOperation { Condition: null } => true,
            IForLoopOperation { Condition: { } condition } => condition.ConstantValue is { HasValue: true, Value: true },
            _ => false,
        };
        if (forever && !CanLeave(loop.Body, loop) && state.IsHookHandler(context))
        {
            var keyword = loop.Syntax switch
            {
                WhileStatementSyntax w => w.WhileKeyword.GetLocation(),
                DoStatementSyntax d => d.DoKeyword.GetLocation(),
                ForStatementSyntax f => f.ForKeyword.GetLocation(),
                _ => loop.Syntax.GetLocation(),
            };
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnboundedLoopInHook, keyword));
        }
    }

    /// <summary>
    /// Whether <paramref name="operation"/> contains a way out of <paramref name="loop"/>: its break, return, throw,
    /// yield, or a goto to a label outside the loop.
    /// </summary>
    private static bool CanLeave(IOperation operation, ILoopOperation loop)
    {
        switch (operation)
        {
            case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
            case IBranchOperation { BranchKind: BranchKind.GoTo } jump when GoesOutside(jump, loop):
            case IReturnOperation:
            case IThrowOperation:
                return true;
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                // A return in a nested function leaves that function, not the loop.
                return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (CanLeave(child, loop))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a goto lands outside <paramref name="loop"/>: a label declared outside its syntax, or for <c>goto case</c>
    /// and <c>goto default</c>, a switch that encloses the loop.
    /// </summary>
    private static bool GoesOutside(IBranchOperation jump, ILoopOperation loop)
    {
        var span = loop.Syntax.Span;
        foreach (var location in jump.Target.Locations)
        {
            if (location.IsInSource && location.SourceTree == loop.Syntax.SyntaxTree)
            {
                return !span.Contains(location.SourceSpan);
            }
        }

        for (var node = jump.Syntax.Parent; node is not null; node = node.Parent)
        {
            if (node is SwitchStatementSyntax)
            {
                return !span.Contains(node.Span);
            }
        }

        return false;
    }

    /// <summary>Whether the call passes a timeout other than infinite (<c>-1</c>, <c>Timeout.Infinite</c>, <c>Timeout.InfiniteTimeSpan</c>).</summary>
    private static bool HasFiniteTimeout(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || !IsTimeoutParameter(parameter))
            {
                continue;
            }

            var value = argument.Value;
            if (value.ConstantValue is { HasValue: true, Value: -1 })
            {
                return false;
            }

            return value is not IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } and not IPropertyReferenceOperation { Property.Name: "InfiniteTimeSpan" };
        }

        return false;
    }

    private static bool IsTimeoutParameter(IParameterSymbol parameter)
        => parameter.Type.Name == "TimeSpan"
           || (parameter.Type.SpecialType == SpecialType.System_Int32
               && (parameter.Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0 || parameter.Name.IndexOf("millisecond", StringComparison.OrdinalIgnoreCase) >= 0));

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    private sealed class State
    {
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableHashSet<IMethodSymbol>> _observedMethods = new();
        private readonly ImmutableArray<INamedTypeSymbol> _waitingTypes;
        private readonly ImmutableArray<INamedTypeSymbol> _taskTypes;

        public State(CharmTypes types, Compilation compilation)
        {
            Types = types;
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            _waitingTypes = Resolve(
                compilation,
                "System.Threading.Thread",
                "System.Threading.Monitor",
                "System.Threading.WaitHandle",
                "System.Threading.SemaphoreSlim",
                "System.Threading.ManualResetEventSlim",
                "System.Threading.CountdownEvent",
                "System.Threading.Barrier",
                "System.Threading.Tasks.Task",
                "System.Diagnostics.Process");
            _taskTypes = Resolve(compilation, "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask`1");
        }

        public CharmTypes Types { get; }

        public INamedTypeSymbol? Thread { get; }

        public bool IsWaitingType(INamedTypeSymbol type)
        {
            foreach (var waiting in _waitingTypes)
            {
                if (CharmTypes.DerivesFrom(type, waiting))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsTaskType(INamedTypeSymbol type)
        {
            foreach (var task in _taskTypes)
            {
                if (CharmTypes.DerivesFrom(type, task))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the operation being analysed runs as (part of) a hook handler.</summary>
        public bool IsHookHandler(OperationAnalysisContext context)
        {
            for (var parent = context.Operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation lambda && Leadership.IsObservedHandler(lambda, Types))
                {
                    return true;
                }
            }

            var member = context.ContainingSymbol;
            var type = member.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (Types.IsCharm(type) || HasAttribute(type, Types.ConsumerAttribute) || HasAttribute(type, Types.ProviderAttribute))
            {
                return true;
            }

            if (member is not IMethodSymbol method)
            {
                return false;
            }

            return HasAttribute(method, Types.OnAttribute) || ObservedMethods(context.Operation).Contains(method.OriginalDefinition);
        }

        /// <summary>
        /// Methods handed to <c>Observe</c> as method groups in the operation's syntax tree: a helper class such as a
        /// library's consumer observes its own private methods. Computed once per tree, only for trees with a
        /// blocking call outside a charm class.
        /// </summary>
        private ImmutableHashSet<IMethodSymbol> ObservedMethods(IOperation operation)
        {
            var model = operation.SemanticModel;
            if (model is null)
            {
                return ImmutableHashSet<IMethodSymbol>.Empty;
            }

            return _observedMethods.GetOrAdd(operation.Syntax.SyntaxTree, tree =>
            {
                var found = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    if (node is not InvocationExpressionSyntax call || !NamesObserve(call.Expression))
                    {
                        continue;
                    }

                    if (model.GetOperation(call) is IInvocationOperation observe && Types.IsObserve(observe))
                    {
                        foreach (var argument in observe.Arguments)
                        {
                            if (argument.Value is IDelegateCreationOperation { Target: IMethodReferenceOperation reference })
                            {
                                found.Add(reference.Method.OriginalDefinition);
                            }
                        }
                    }
                }

                return found.ToImmutable();
            });
        }

        private static bool NamesObserve(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "Observe",
            SimpleNameSyntax name => name.Identifier.ValueText == "Observe",
            _ => false,
        };

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
        {
            if (attribute is null)
            {
                return false;
            }

            foreach (var data in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, params string[] names)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>(names.Length);
            foreach (var name in names)
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        }
    }
}

using Charm.TokenDistributor.Generators.Diagnostics;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// Databag safety (CTD1001–CTD1004) and hand-built mirror keys (CTD2001, CTD2002, CTD2004; see
/// <see cref="MirrorKeyAccess"/>): every read or write of a <c>Databag</c> is traced back, within its method, to the
/// <c>Relation</c> member the databag came from, and its key is checked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DatabagAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> ReservedKeys = ImmutableHashSet.Create(StringComparer.Ordinal, "ingress-address", "egress-subnets", "private-address");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.RemoteDatabagWrite,
        DiagnosticDescriptors.AppDatabagWriteWithoutLeadership,
        DiagnosticDescriptors.AppDatabagReadWithoutLeadership,
        DiagnosticDescriptors.ReservedKeyWrite,
        DiagnosticDescriptors.UseMirrorKeyAccessor,
        DiagnosticDescriptors.HandBuiltMirrorKey,
        DiagnosticDescriptors.MirrorKeyByHand);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = CharmTypes.Resolve(start.Compilation);
            if (types.Databag is null || types.Relation is null)
            {
                return;
            }

            var state = new State(types);
            start.RegisterOperationAction(c => AnalyzeProperty(c, state), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, state), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeLoop(c, state), OperationKind.Loop);
        });
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, State state)
    {
        var property = (IPropertyReferenceOperation)context.Operation;
        if (!state.IsDatabag(property.Property.ContainingType))
        {
            return;
        }

        if (property.Property.IsIndexer)
        {
            var form = IsAssigned(property) ? Access.Write : Access.Read;
            Analyze(context, state, property.Instance, form, property.Arguments.Length > 0 ? property.Arguments[0].Value : null, DiagnosticProperties.FormIndexer);
        }
        else if (property.Property.Name is "Keys" or "Count")
        {
            Analyze(context, state, property.Instance, Access.Read, key: null, form: null);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (state.IsDatabag(method.ContainingType))
        {
            var key = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
            switch (method.Name)
            {
                case "Set":
                    Analyze(context, state, invocation.Instance, Access.Write, key, DiagnosticProperties.FormSet);
                    break;
                case "Remove":
                    Analyze(context, state, invocation.Instance, Access.Write, key, DiagnosticProperties.FormRemove);
                    break;
                case "TryGetValue" or "ContainsKey":
                    Analyze(context, state, invocation.Instance, Access.Read, key, form: null);
                    break;
                case "GetEnumerator":
                    Analyze(context, state, invocation.Instance, Access.Read, key: null, form: null);
                    break;
            }
        }
        else if (method.IsExtensionMethod && IsOverKeyValuePairs(method) && invocation.Arguments.Length > 0 && state.IsDatabag(Unconvert(invocation.Arguments[0].Value).Type))
        {
            // bag.ToDictionary(), bag.Any(…): LINQ over the databag enumerates it.
            Analyze(context, state, invocation.Arguments[0].Value, Access.Read, key: null, form: null);
        }
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, State state)
    {
        if (context.Operation is IForEachLoopOperation loop && state.IsDatabag(Unconvert(loop.Collection).Type))
        {
            Analyze(context, state, loop.Collection, Access.Read, key: null, form: null, site: loop.Collection);
        }
    }

    private static void Analyze(OperationAnalysisContext context, State state, IOperation? databag, Access access, IOperation? key, string? form, IOperation? site = null)
    {
        if (databag is null)
        {
            return;
        }

        var location = (site ?? context.Operation).Syntax.GetLocation();
        var origin = state.Tracer.Trace(databag);
        if (access == Access.Write && (origin & DatabagOrigin.Remote) != 0 && (origin & ~DatabagOrigin.Remote) == 0)
        {
            var owner = origin switch
            {
                DatabagOrigin.RemoteUnit => "remote unit's",
                DatabagOrigin.RemoteApp => "remote application's",
                _ => "remote",
            };
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RemoteDatabagWrite, location, owner));
        }
        else if (origin == DatabagOrigin.LocalApp
                 && !Leadership.IsEstablished(context.Operation, context.ContainingSymbol, state.Types, state.Flows, access == Access.Read ? state.Tracer.RelationOf(databag) : null))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                access == Access.Write ? DiagnosticDescriptors.AppDatabagWriteWithoutLeadership : DiagnosticDescriptors.AppDatabagReadWithoutLeadership,
                location));
        }

        if (key is null)
        {
            return;
        }

        if (access == Access.Write && key.ConstantValue is { HasValue: true, Value: string reserved } && ReservedKeys.Contains(reserved))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReservedKeyWrite, key.Syntax.GetLocation(), reserved));
        }

        var endpoint = state.Tracer.EndpointOf(state.Tracer.RelationOf(databag));
        MirrorKeyAccess.Analyze(context, state.Accessors, state.Flows, key, form, access == Access.Write, origin, endpoint);
    }

    /// <summary>Whether an indexer reference is written: <c>bag[k] = v</c>, <c>+=</c>, <c>??=</c>, or a deconstruction target.</summary>
    private static bool IsAssigned(IOperation reference)
    {
        var current = reference;
        var parent = reference.Parent;
        while (parent is ITupleOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        return parent is IAssignmentOperation assignment && assignment.Target == current;
    }

    /// <summary>Whether an extension method extends a sequence of string pairs, as a databag is: a symbol-only test that
    /// spares building the argument operations of every other extension call.</summary>
    private static bool IsOverKeyValuePairs(IMethodSymbol method)
        => method.Parameters.Length > 0
           && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } sequence
           && sequence.TypeArguments[0] is INamedTypeSymbol { Name: "KeyValuePair", TypeArguments.Length: 2 } pair
           && pair.TypeArguments[0].SpecialType == SpecialType.System_String;

    private static IOperation Unconvert(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private enum Access
    {
        Read,
        Write,
    }

    private sealed class State
    {
        public State(CharmTypes types)
        {
            Types = types;
            Flows = new LocalFlow.Cache();
            Tracer = new DatabagOriginTracer(types, Flows);
            Accessors = new MirrorAccessors(types);
        }

        public CharmTypes Types { get; }

        public LocalFlow.Cache Flows { get; }

        public DatabagOriginTracer Tracer { get; }

        public MirrorAccessors Accessors { get; }

        public bool IsDatabag(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Types.Databag);
    }
}

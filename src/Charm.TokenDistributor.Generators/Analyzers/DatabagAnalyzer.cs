using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// Databag safety (CTD1001–CTD1004) and hand-built mirror keys (CTD2001, CTD2002): every read or write of a
/// <c>Databag</c> is traced back, within its method, to the <c>Relation</c> member the databag came from, and its key
/// is checked.
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
        DiagnosticDescriptors.HandBuiltMirrorKey);

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

        AnalyzeMirrorKey(context, state, key, form, access, origin, databag);
    }

    private static void AnalyzeMirrorKey(OperationAnalysisContext context, State state, IOperation key, string? form, Access access, DatabagOrigin origin, IOperation databag)
    {
        var handBuilt = MirrorKeyExpression.IsHandBuilt(key, state.Flows, out var text, out var constant);

        // MirrorKeys.MirrorId("ca-cert") is the library's spelling, not a hand-built key, but an accessor still beats it.
        if (!handBuilt && (!MirrorKeyExpression.IsMirrorId(key, state.Types.MirrorKeys, out constant) || constant is null))
        {
            return;
        }

        var type = context.ContainingSymbol.ContainingType;
        var endpoint = state.Tracer.EndpointOf(state.Tracer.RelationOf(databag));
        var accessors = constant is not null && type is not null && IsUnitDatabag(origin)
            ? state.AccessorsFor(type, constant.Substring(MirrorKeyExpression.Prefix.Length), endpoint)
            : null;
        if (accessors is { Count: > 0 })
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (form is not null && access == Access.Write && origin == DatabagOrigin.LocalUnit && endpoint is not null && accessors.Count == 1
                && accessors[0] is { CanSet: true } accessor && accessor.Endpoint == endpoint
                && CanUseAccessorAt(context, type!) && CanAssign(context.Operation, form, accessor, context.CancellationToken))
            {
                properties = properties
                    .Add(DiagnosticProperties.Accessor, accessor.Name)
                    .Add(DiagnosticProperties.Form, form)
                    .Add(DiagnosticProperties.AccessorIsNullable, accessor.IsNullable ? "true" : "false");
            }

            var names = new List<string>(accessors.Count);
            foreach (var candidate in accessors)
            {
                names.Add(candidate.Name);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UseMirrorKeyAccessor,
                key.Syntax.GetLocation(),
                additionalLocations: new[] { context.Operation.Syntax.GetLocation() },
                properties,
                constant,
                string.Join("' or '", names)));
        }
        else if (handBuilt)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HandBuiltMirrorKey, key.Syntax.GetLocation(), text));
        }
    }

    /// <summary>
    /// Whether the databag may be a unit's: the mirror lives in unit databags (this unit publishes, the distributor's
    /// units mirror), so a <c>mirror-</c> key in an application databag is not what an accessor reads or writes.
    /// </summary>
    private static bool IsUnitDatabag(DatabagOrigin origin)
        => origin == DatabagOrigin.None || (origin & ~(DatabagOrigin.LocalApp | DatabagOrigin.RemoteApp)) != 0;

    /// <summary>
    /// Whether the write becomes the accessor's assignment with the same meaning: a plain <c>bag[k] = v</c> (not
    /// <c>+=</c>, which would read the corroborated value), <c>Set</c> or <c>Remove</c>; a value that may be null goes
    /// only to a nullable accessor (a deletion becomes <c>= ""</c> for a non-nullable one: Juju deletes a key set empty).
    /// </summary>
    private static bool CanAssign(IOperation access, string form, MirrorAccessor accessor, System.Threading.CancellationToken cancellationToken)
    {
        IOperation? value = form switch
        {
            DiagnosticProperties.FormIndexer when access.Parent is ISimpleAssignmentOperation assignment && assignment.Target == access => assignment.Value,
            DiagnosticProperties.FormSet when access is IInvocationOperation { Arguments.Length: 2 } set => set.Arguments[1].Value,
            DiagnosticProperties.FormRemove => null,
            _ => access,
        };
        if (value == access)
        {
            return false;
        }

        if (value is null || accessor.IsNullable)
        {
            return true;
        }

        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value.SemanticModel?.GetTypeInfo(value.Syntax, cancellationToken).Nullability.FlowState != NullableFlowState.MaybeNull;
    }

    /// <summary>
    /// The fix writes the accessor as a simple name: the access must be in an instance member of the declaring type,
    /// and not inside <c>a?.b</c> (whose value the accessor would not reproduce).
    /// </summary>
    private static bool CanUseAccessorAt(OperationAnalysisContext context, INamedTypeSymbol type)
    {
        if (context.ContainingSymbol.IsStatic || !SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, type))
        {
            return false;
        }

        for (var parent = context.Operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation { Symbol.IsStatic: true } or ILocalFunctionOperation { Symbol.IsStatic: true })
            {
                return false;
            }
        }

        return context.Operation switch
        {
            IPropertyReferenceOperation { Instance: not IConditionalAccessInstanceOperation } => true,
            IInvocationOperation { Instance: not IConditionalAccessInstanceOperation, Parent: IExpressionStatementOperation } => true,
            _ => false,
        };
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
        private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyDictionary<string, List<MirrorAccessor>>> _accessors = new(SymbolEqualityComparer.Default);

        public State(CharmTypes types)
        {
            Types = types;
            Flows = new LocalFlow.Cache();
            Tracer = new DatabagOriginTracer(types, Flows);
        }

        public CharmTypes Types { get; }

        public LocalFlow.Cache Flows { get; }

        public DatabagOriginTracer Tracer { get; }

        public bool IsDatabag(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Types.Databag);

        /// <summary>
        /// The <c>[MirrorKey(<paramref name="key"/>)]</c> properties of <paramref name="type"/> that may be about the
        /// access: those of <paramref name="accessEndpoint"/> when the access's relation is known, else all of them.
        /// </summary>
        public IReadOnlyList<MirrorAccessor> AccessorsFor(INamedTypeSymbol type, string key, string? accessEndpoint)
        {
            if (!_accessors.GetOrAdd(type, FindAccessors).TryGetValue(key, out var all))
            {
                return Array.Empty<MirrorAccessor>();
            }

            if (accessEndpoint is null)
            {
                return all;
            }

            // An accessor whose relation is unknown (several consumers, no Relation =: CTD4011) may still be the one.
            return all.FindAll(a => a.Endpoint is null || a.Endpoint == accessEndpoint);
        }

        private IReadOnlyDictionary<string, List<MirrorAccessor>> FindAccessors(INamedTypeSymbol type)
        {
            var found = new Dictionary<string, List<MirrorAccessor>>(StringComparer.Ordinal);
            if (Types.MirrorKeyAttribute is null)
            {
                return found;
            }

            var onlyConsumer = OnlyConsumerEndpoint(type);
            foreach (var member in type.GetMembers())
            {
                if (member is not IPropertySymbol property)
                {
                    continue;
                }

                foreach (var attribute in property.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, Types.MirrorKeyAttribute)
                        || attribute.ConstructorArguments.Length != 1
                        || attribute.ConstructorArguments[0].Value is not string key)
                    {
                        continue;
                    }

                    string? relation = null;
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "Relation" && named.Value.Value is string given)
                        {
                            relation = given;
                        }
                    }

                    if (!found.TryGetValue(key, out var list))
                    {
                        list = new List<MirrorAccessor>();
                        found[key] = list;
                    }

                    list.Add(new MirrorAccessor(
                        property.Name,
                        relation ?? onlyConsumer,
                        property.Type.NullableAnnotation == NullableAnnotation.Annotated,
                        property.SetMethod is { IsInitOnly: false }));
                }
            }

            return found;
        }

        /// <summary>The relation of the type's <c>[TokenDistributorConsumer]</c> when it has exactly one.</summary>
        private string? OnlyConsumerEndpoint(INamedTypeSymbol type)
        {
            var consumers = CharmAttributes.Of(type, Types).Consumers;
            return consumers.Count == 1 ? CharmAttributes.RelationOf(consumers[0]) : null;
        }
    }

    /// <summary>A generated <c>[MirrorKey]</c> accessor: its setter writes this unit's databag on <see cref="Endpoint"/>'s relation.</summary>
    private sealed class MirrorAccessor
    {
        public MirrorAccessor(string name, string? endpoint, bool isNullable, bool canSet)
        {
            Name = name;
            Endpoint = endpoint;
            IsNullable = isNullable;
            CanSet = canSet;
        }

        public string Name { get; }

        /// <summary>The consumer relation, or <see langword="null"/> when it cannot be told.</summary>
        public string? Endpoint { get; }

        public bool IsNullable { get; }

        public bool CanSet { get; }
    }
}

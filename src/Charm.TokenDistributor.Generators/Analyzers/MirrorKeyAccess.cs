using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Analyzers.Flow;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// A databag key that is a <c>mirror-</c> key (for <see cref="DatabagAnalyzer"/>): CTD2001 where a generated
/// <c>[MirrorKey]</c> accessor replaces the access with the same meaning (always with a code fix, so a Fix All fixes
/// every CTD2001), CTD2004 where an accessor exists but cannot replace it as it stands (the message says why), CTD2002
/// for a hand-built key without an accessor.
/// </summary>
internal static class MirrorKeyAccess
{
    /// <summary>Reports what the access to <paramref name="key"/> should become, if it is a mirror key.</summary>
    /// <param name="context">The access being analysed.</param>
    /// <param name="accessors">The charm's accessors.</param>
    /// <param name="flows">The method's local flow.</param>
    /// <param name="key">The key argument.</param>
    /// <param name="form">The form of the access (indexer, <c>Set</c>, <c>Remove</c>), or null for reads like <c>ContainsKey</c>.</param>
    /// <param name="isWrite">Whether the access writes.</param>
    /// <param name="origin">Where the databag comes from.</param>
    /// <param name="endpoint">The databag's relation endpoint, when it is known.</param>
    public static void Analyze(OperationAnalysisContext context, MirrorAccessors accessors, LocalFlow.Cache flows, IOperation key, string? form, bool isWrite, DatabagOrigin origin, string? endpoint)
    {
        var handBuilt = MirrorKeyExpression.IsHandBuilt(key, flows, out var text, out var constant);

        // MirrorKeys.MirrorId("ca-cert") is the library's spelling, not a hand-built key, but an accessor still beats it.
        if (!handBuilt && (!MirrorKeyExpression.IsMirrorId(key, accessors.Types.MirrorKeys, out constant) || constant is null))
        {
            return;
        }

        var type = context.ContainingSymbol.ContainingType;
        var candidates = constant is not null && type is not null && IsUnitDatabag(origin)
            ? accessors.For(type, constant.Substring(MirrorKeyExpression.Prefix.Length), endpoint)
            : null;
        if (candidates is not { Count: > 0 })
        {
            if (handBuilt)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HandBuiltMirrorKey, key.Syntax.GetLocation(), text));
            }

            return;
        }

        var names = new List<string>(candidates.Count);
        foreach (var candidate in candidates)
        {
            names.Add(candidate.Name);
        }

        var named = string.Join("' or '", names);
        if (WhyNoFix(context, candidates, form, isWrite, origin, endpoint, type!) is { } reason)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MirrorKeyByHand, key.Syntax.GetLocation(), constant, named, reason));
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticProperties.Accessor, candidates[0].Name)
            .Add(DiagnosticProperties.Form, form);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UseMirrorKeyAccessor,
            key.Syntax.GetLocation(),
            additionalLocations: new[] { context.Operation.Syntax.GetLocation() },
            properties,
            constant,
            named));
    }

    /// <summary>Why the accessor cannot replace this access with the same meaning, or null when the code fix can.</summary>
    private static string? WhyNoFix(OperationAnalysisContext context, IReadOnlyList<MirrorAccessor> candidates, string? form, bool isWrite, DatabagOrigin origin, string? endpoint, INamedTypeSymbol type)
    {
        if (!isWrite || form is null)
        {
            return "it reads the databag, while the accessor's getter gives the value the distributor mirrors, corroborated across its units";
        }

        if (origin != DatabagOrigin.LocalUnit || endpoint is null)
        {
            return "the databag is not known to be this unit's own on the accessor's relation";
        }

        if (candidates.Count > 1)
        {
            return "the relation is not known, and several accessors may be meant";
        }

        var accessor = candidates[0];
        if (!accessor.CanSet)
        {
            return "the accessor has no setter";
        }

        if (accessor.Endpoint != endpoint)
        {
            return "the relation is not known to be the accessor's";
        }

        if (form == DiagnosticProperties.FormRemove)
        {
            return "it deletes the key, and a mirrored value cannot be withdrawn: the distributor keeps the last value it copied";
        }

        if (!CanUseAccessorAt(context, type))
        {
            return "the accessor cannot be named here (outside an instance member of the charm, or inside '?.')";
        }

        return ValueProblem(context.Operation, form, context.CancellationToken);
    }

    /// <summary>
    /// Whether the written value becomes the setter's with the same meaning: a plain <c>bag[k] = v</c> (not <c>+=</c>,
    /// which would read the corroborated value) or <c>Set</c>, of a value that is never null or empty (the setter refuses
    /// those: a deletion does not withdraw a mirrored value).
    /// </summary>
    private static string? ValueProblem(IOperation access, string form, System.Threading.CancellationToken cancellationToken)
    {
        IOperation? value = form switch
        {
            DiagnosticProperties.FormIndexer when access.Parent is ISimpleAssignmentOperation assignment && assignment.Target == access => assignment.Value,
            DiagnosticProperties.FormSet when access is IInvocationOperation { Arguments.Length: 2 } set => set.Arguments[1].Value,
            _ => null,
        };
        if (value is null)
        {
            return "a compound assignment would read the accessor's corroborated value";
        }

        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        if (value.ConstantValue is { HasValue: true, Value: null or "" })
        {
            return "it deletes the key, and a mirrored value cannot be withdrawn: the distributor keeps the last value it copied";
        }

        return value.SemanticModel?.GetTypeInfo(value.Syntax, cancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull
            ? "the value may be null, which the accessor refuses (a mirrored value cannot be withdrawn)"
            : null;
    }

    /// <summary>
    /// Whether the databag may be a unit's: the mirror lives in unit databags (this unit publishes, the distributor's
    /// units mirror), so a <c>mirror-</c> key in an application databag is not what an accessor reads or writes.
    /// </summary>
    private static bool IsUnitDatabag(DatabagOrigin origin)
        => origin == DatabagOrigin.None || (origin & ~(DatabagOrigin.LocalApp | DatabagOrigin.RemoteApp)) != 0;

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
}

/// <summary>The <c>[MirrorKey]</c> accessors of each charm type, found once per compilation.</summary>
internal sealed class MirrorAccessors
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyDictionary<string, List<MirrorAccessor>>> _accessors = new(SymbolEqualityComparer.Default);

    public MirrorAccessors(CharmTypes types) => Types = types;

    public CharmTypes Types { get; }

    /// <summary>
    /// The <c>[MirrorKey(<paramref name="key"/>)]</c> properties of <paramref name="type"/> that may be about the
    /// access: those of <paramref name="accessEndpoint"/> when the access's relation is known, else all of them.
    /// </summary>
    public IReadOnlyList<MirrorAccessor> For(INamedTypeSymbol type, string key, string? accessEndpoint)
    {
        if (!_accessors.GetOrAdd(type, Find).TryGetValue(key, out var all))
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

    private IReadOnlyDictionary<string, List<MirrorAccessor>> Find(INamedTypeSymbol type)
    {
        var found = new Dictionary<string, List<MirrorAccessor>>(StringComparer.Ordinal);
        if (Types.MirrorKeyAttribute is null)
        {
            return found;
        }

        var consumers = CharmAttributes.Of(type, Types).Consumers;
        var onlyConsumer = consumers.Count == 1 ? AttributeSyntaxLocations.RelationOf(consumers[0]) : null;
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

                list.Add(new MirrorAccessor(property.Name, relation ?? onlyConsumer, property.SetMethod is { IsInitOnly: false }));
            }
        }

        return found;
    }
}

/// <summary>A generated <c>[MirrorKey]</c> accessor: its setter writes this unit's databag on <see cref="Endpoint"/>'s relation.</summary>
internal sealed class MirrorAccessor
{
    public MirrorAccessor(string name, string? endpoint, bool canSet)
    {
        Name = name;
        Endpoint = endpoint;
        CanSet = canSet;
    }

    public string Name { get; }

    /// <summary>The consumer relation, or <see langword="null"/> when it cannot be told.</summary>
    public string? Endpoint { get; }

    public bool CanSet { get; }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>Traces the operation a databag member is called on back to the <c>Relation</c> member it came from.</summary>
internal sealed class DatabagOriginTracer
{
    private const int MaxDepth = 16;

    private readonly CharmTypes _types;
    private readonly LocalFlow.Cache _flows;

    public DatabagOriginTracer(CharmTypes types, LocalFlow.Cache flows)
    {
        _types = types;
        _flows = flows;
    }

    /// <summary>The possible origins of the value of <paramref name="operation"/>.</summary>
    public DatabagOrigin Trace(IOperation? operation) => Trace(operation, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), 0);

    /// <summary>
    /// The <c>Relation</c> a databag was taken from (<c>relation</c> in <c>relation.LocalAppData</c> or
    /// <c>relation.RemoteUnitData(u)</c>), through conversions and locals assigned once; <see langword="null"/> when
    /// that is not one expression.
    /// </summary>
    public IOperation? RelationOf(IOperation? databag)
    {
        for (var depth = 0; databag is not null && depth < MaxDepth; depth++)
        {
            switch (databag)
            {
                case IConversionOperation conversion:
                    databag = conversion.Operand;
                    break;
                case IPropertyReferenceOperation { Property.Name: "LocalAppData" or "LocalUnitData" or "RemoteAppData" } property when IsRelationMember(property.Property):
                    return property.Instance;
                case IInvocationOperation { TargetMethod.Name: "RemoteUnitData" } invocation when IsRelationMember(invocation.TargetMethod):
                    return invocation.Instance;
                case ILocalReferenceOperation local:
                    databag = SingleSource(local);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The endpoint of a relation got as <c>Model.GetRelation("endpoint")</c> (directly or through a local assigned
    /// once); <see langword="null"/> when it is got any other way.
    /// </summary>
    public string? EndpointOf(IOperation? relation)
    {
        for (var depth = 0; relation is not null && depth < MaxDepth; depth++)
        {
            switch (relation)
            {
                case IConversionOperation conversion:
                    relation = conversion.Operand;
                    break;
                case ILocalReferenceOperation local:
                    relation = SingleSource(local);
                    break;
                case IInvocationOperation { TargetMethod.Name: "GetRelation", Arguments.Length: 1 } invocation
                    when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _types.JujuModel):
                    return invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string endpoint } ? endpoint : null;
                default:
                    return null;
            }
        }

        return null;
    }

    private IOperation? SingleSource(ILocalReferenceOperation local)
    {
        var sources = _flows.For(local).SourcesOf(local.Local);
        return sources.Count == 1 && sources[0].Shape == FlowShape.Direct ? sources[0].Value : null;
    }

    private DatabagOrigin Trace(IOperation? operation, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (operation is null || depth > MaxDepth)
        {
            return DatabagOrigin.Unknown;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Trace(conversion.Operand, visiting, depth + 1);
            case IConditionalAccessInstanceOperation instance:
                return Trace(ConditionalAccessOf(instance)?.Operation, visiting, depth + 1);
            case IConditionalAccessOperation conditionalAccess:
                return Trace(conditionalAccess.WhenNotNull, visiting, depth + 1);
            case ICoalesceOperation coalesce:
                return Trace(coalesce.Value, visiting, depth + 1) | Trace(coalesce.WhenNull, visiting, depth + 1);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Trace(conditional.WhenTrue, visiting, depth + 1) | Trace(whenFalse, visiting, depth + 1);
            case IPropertyReferenceOperation property when IsRelationMember(property.Property):
                return property.Property.Name switch
                {
                    "LocalUnitData" => DatabagOrigin.LocalUnit,
                    "LocalAppData" => DatabagOrigin.LocalApp,
                    "RemoteAppData" => DatabagOrigin.RemoteApp,
                    _ => DatabagOrigin.Unknown,
                };
            case IInvocationOperation invocation when IsRelationMember(invocation.TargetMethod):
                return invocation.TargetMethod.Name switch
                {
                    "RemoteUnitData" => DatabagOrigin.RemoteUnit,
                    "RemoteUnitsData" => DatabagOrigin.RemoteUnitsSequence,
                    _ => DatabagOrigin.Unknown,
                };
            case IInvocationOperation query:
                return TraceQuery(query, visiting, depth);
            case IFieldReferenceOperation { Field.CorrespondingTupleField.Name: "Item2" } field:
                return (Trace(field.Instance, visiting, depth + 1) & DatabagOrigin.RemoteUnitsElement) != 0 ? DatabagOrigin.RemoteUnit : DatabagOrigin.Unknown;
            case ILocalReferenceOperation local:
                return TraceLocal(local, visiting, depth);
            default:
                return DatabagOrigin.Unknown;
        }
    }

    /// <summary>A LINQ-style call over <c>RemoteUnitsData()</c>: <c>.Where(…)</c> keeps the sequence, <c>.First()</c> takes an element.</summary>
    private DatabagOrigin TraceQuery(IInvocationOperation query, HashSet<ILocalSymbol> visiting, int depth)
    {
        var source = query.TargetMethod.IsExtensionMethod && query.Arguments.Length > 0 ? query.Arguments[0].Value : query.Instance;
        if (source is null || (Trace(source, visiting, depth + 1) & (DatabagOrigin.RemoteUnitsSequence | DatabagOrigin.RemoteUnitsElement)) == 0)
        {
            return DatabagOrigin.Unknown;
        }

        var returned = query.TargetMethod.ReturnType;
        if (IsRemoteUnitTuple(returned))
        {
            return DatabagOrigin.RemoteUnitsElement;
        }

        foreach (var face in returned.AllInterfaces)
        {
            if (face is { Name: "IEnumerable", TypeArguments.Length: 1 } && IsRemoteUnitTuple(face.TypeArguments[0]))
            {
                return DatabagOrigin.RemoteUnitsSequence;
            }
        }

        return returned is INamedTypeSymbol { Name: "IEnumerable", TypeArguments.Length: 1 } enumerable && IsRemoteUnitTuple(enumerable.TypeArguments[0])
            ? DatabagOrigin.RemoteUnitsSequence
            : DatabagOrigin.Unknown;
    }

    private DatabagOrigin TraceLocal(ILocalReferenceOperation local, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (!visiting.Add(local.Local))
        {
            return DatabagOrigin.None;
        }

        var sources = _flows.For(local).SourcesOf(local.Local);
        var origin = sources.Count == 0 ? DatabagOrigin.Unknown : DatabagOrigin.None;
        foreach (var source in sources)
        {
            origin |= TraceSource(source, visiting, depth + 1);
        }

        visiting.Remove(local.Local);
        return origin;
    }

    private DatabagOrigin TraceSource(FlowSource source, HashSet<ILocalSymbol> visiting, int depth)
    {
        switch (source.Shape)
        {
            case FlowShape.Direct:
                return Trace(source.Value, visiting, depth);
            case FlowShape.Deconstructed:
                if (source.Value is ITupleOperation tuple && source.Index < tuple.Elements.Length)
                {
                    return Trace(tuple.Elements[source.Index], visiting, depth);
                }

                return source.Index == 1 && (Trace(source.Value, visiting, depth) & DatabagOrigin.RemoteUnitsElement) != 0
                    ? DatabagOrigin.RemoteUnit
                    : DatabagOrigin.Unknown;
            case FlowShape.Element:
                return (Trace(source.Value, visiting, depth) & DatabagOrigin.RemoteUnitsSequence) != 0
                    ? DatabagOrigin.RemoteUnitsElement
                    : DatabagOrigin.Unknown;
            case FlowShape.DeconstructedElement:
                return source.Index == 1 && (Trace(source.Value, visiting, depth) & DatabagOrigin.RemoteUnitsSequence) != 0
                    ? DatabagOrigin.RemoteUnit
                    : DatabagOrigin.Unknown;
            default:
                return DatabagOrigin.Unknown;
        }
    }

    private bool IsRelationMember(ISymbol member) => SymbolEqualityComparer.Default.Equals(member.ContainingType, _types.Relation);

    private bool IsRemoteUnitTuple(ITypeSymbol type)
        => type is INamedTypeSymbol { IsTupleType: true, TupleElements.Length: 2 } tuple
           && SymbolEqualityComparer.Default.Equals(tuple.TupleElements[1].Type, _types.Databag);

    /// <summary>The <c>a?.b</c> whose <c>b</c> contains <paramref name="instance"/>.</summary>
    public static IConditionalAccessOperation? ConditionalAccessOf(IConditionalAccessInstanceOperation instance)
    {
        IOperation current = instance;
        for (var parent = instance.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == current)
            {
                return access;
            }
        }

        return null;
    }
}

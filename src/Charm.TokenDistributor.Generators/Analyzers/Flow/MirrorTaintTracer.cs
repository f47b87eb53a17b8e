using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>
/// Whether a value was read from the mirror, within one method: the results of <c>TokenConsumer.FindValue</c>,
/// <c>Mirror.FindValue</c>, <c>Mirror.RelevantData</c>, a generated <c>TokenFor</c>, or a databag read of a
/// <c>mirror-</c> key, followed through locals, concatenation, interpolation, string methods and formatting. A value
/// that goes through any other call (a hash, a length, a comparison) is no longer the token.
/// </summary>
internal sealed class MirrorTaintTracer
{
    /// <summary>The generated consumer surface's method that returns the token mirrored for a host.</summary>
    public const string TokenForMethod = "TokenFor";

    private const int MaxDepth = 16;

    private readonly CharmTypes _types;
    private readonly LocalFlow.Cache _flows;

    public MirrorTaintTracer(CharmTypes types, LocalFlow.Cache flows)
    {
        _types = types;
        _flows = flows;
    }

    public Taint Of(IOperation operation) => Of(operation, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), 0);

    private Taint Of(IOperation? operation, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (operation is null || depth > MaxDepth || operation.ConstantValue.HasValue)
        {
            return Taint.None;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Of(conversion.Operand, visiting, depth + 1);
            case IConditionalAccessOperation access:
                return Of(access.WhenNotNull, visiting, depth + 1);
            case IConditionalAccessInstanceOperation instance:
                return Of(DatabagOriginTracer.ConditionalAccessOf(instance)?.Operation, visiting, depth + 1);
            case ICoalesceOperation coalesce:
                return Max(Of(coalesce.Value, visiting, depth + 1), Of(coalesce.WhenNull, visiting, depth + 1));
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Max(Of(conditional.WhenTrue, visiting, depth + 1), Of(whenFalse, visiting, depth + 1));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                return Max(Of(add.LeftOperand, visiting, depth + 1), Of(add.RightOperand, visiting, depth + 1)) == Taint.Value ? Taint.Value : Taint.None;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && Of(hole.Expression, visiting, depth + 1) == Taint.Value)
                    {
                        return Taint.Value;
                    }
                }

                return Taint.None;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    if (Of(element, visiting, depth + 1) != Taint.None)
                    {
                        return Taint.Container;
                    }
                }

                return Taint.None;
            case IInvocationOperation invocation:
                return OfInvocation(invocation, visiting, depth);
            case IPropertyReferenceOperation property:
                return OfProperty(property, visiting, depth);
            case ILocalReferenceOperation local:
                return OfLocal(local, visiting, depth);
            default:
                return Taint.None;
        }
    }

    private Taint OfInvocation(IInvocationOperation invocation, HashSet<ILocalSymbol> visiting, int depth)
    {
        var method = invocation.TargetMethod;
        if (IsSourceType(method.ContainingType) && method.Name == "FindValue")
        {
            return Taint.Value;
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Mirror) && method.Name == "RelevantData")
        {
            return Taint.Container;
        }

        if (method.Name == TokenForMethod && method.ReturnType.SpecialType == SpecialType.System_String)
        {
            return Taint.Value;
        }

        var returnsString = method.ReturnType.SpecialType == SpecialType.System_String;
        if (method.ContainingType.SpecialType == SpecialType.System_String && method.IsStatic)
        {
            // string.Concat / Format / Join: the text holds whatever went in, values of a container included.
            // string.IsNullOrEmpty / Equals / Compare return a bool or a number, which reveals nothing worth hiding.
            if (!returnsString)
            {
                return Taint.None;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (Of(argument.Value, visiting, depth + 1) != Taint.None)
                {
                    return Taint.Value;
                }
            }

            return Taint.None;
        }

        // Extension methods pass the value through only when they are the framework's (LINQ, MemoryExtensions): a charm's
        // own token.Redact() is trusted to do what its name says.
        var receiver = !method.IsExtensionMethod ? invocation.Instance
            : invocation.Arguments.Length > 0 && IsFrameworkNamespace(method.ContainingNamespace) ? invocation.Arguments[0].Value
            : null;
        var received = Of(receiver, visiting, depth + 1);
        if (received == Taint.None)
        {
            return Taint.None;
        }

        if (returnsString)
        {
            // token.Trim(), token.ToString(), relevant.GetValueOrDefault(host), relevant.Values.First().
            return Taint.Value;
        }

        return IsEnumerable(method.ReturnType) || IsKeyValuePair(method.ReturnType) ? Taint.Container : Taint.None;
    }

    private Taint OfProperty(IPropertyReferenceOperation property, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _types.Databag))
        {
            return property.Property.IsIndexer && property.Arguments.Length > 0 && IsMirrorKey(property.Arguments[0].Value) ? Taint.Value : Taint.None;
        }

        var instance = Of(property.Instance, visiting, depth + 1);
        if (instance != Taint.Container)
        {
            return Taint.None;
        }

        if (property.Property.IsIndexer || property.Property.Name == "Value")
        {
            return Taint.Value;
        }

        return property.Property.Name == "Values" ? Taint.Container : Taint.None;
    }

    private Taint OfLocal(ILocalReferenceOperation local, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (!visiting.Add(local.Local))
        {
            return Taint.None;
        }

        var taint = Taint.None;
        foreach (var source in _flows.For(local).SourcesOf(local.Local))
        {
            taint = Max(taint, OfSource(source, visiting, depth + 1));
            if (taint == Taint.Value)
            {
                break;
            }
        }

        visiting.Remove(local.Local);
        return taint;
    }

    private Taint OfSource(FlowSource source, HashSet<ILocalSymbol> visiting, int depth)
    {
        switch (source.Shape)
        {
            case FlowShape.Direct:
                return Of(source.Value, visiting, depth);
            case FlowShape.Deconstructed:
                if (source.Value is ITupleOperation tuple && source.Index < tuple.Elements.Length)
                {
                    return Of(tuple.Elements[source.Index], visiting, depth);
                }

                // var (host, token) = pair: the value half of a mirrored key/value pair.
                return source.Index == 1 && Of(source.Value, visiting, depth) == Taint.Container ? Taint.Value : Taint.None;
            case FlowShape.Element:
                {
                    if (Of(source.Value, visiting, depth) != Taint.Container)
                    {
                        return Taint.None;
                    }

                    var elementType = source.Value.Type is { } collection ? ElementType(collection) : null;
                    return elementType is not null && IsKeyValuePair(elementType) ? Taint.Container : Taint.Value;
                }

            case FlowShape.DeconstructedElement:
                return source.Index == 1 && Of(source.Value, visiting, depth) == Taint.Container ? Taint.Value : Taint.None;
            case FlowShape.OutArgument:
                return OfOutArgument(source, visiting, depth);
            default:
                return Taint.None;
        }
    }

    /// <summary><c>bag.TryGetValue("mirror-…", out var token)</c> and <c>relevant.TryGetValue(host, out var token)</c>.</summary>
    private Taint OfOutArgument(FlowSource source, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (source.Value is not IInvocationOperation { TargetMethod.Name: "TryGetValue" } call || call.Arguments.Length < 2)
        {
            return Taint.None;
        }

        if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, _types.Databag))
        {
            return IsMirrorKey(call.Arguments[0].Value) ? Taint.Value : Taint.None;
        }

        return Of(call.Instance, visiting, depth) == Taint.Container ? Taint.Value : Taint.None;
    }

    private bool IsMirrorKey(IOperation key)
        => MirrorKeyExpression.IsHandBuilt(key, _flows, out _, out _) || MirrorKeyExpression.IsMirrorId(key, _types.MirrorKeys, out _);

    private bool IsSourceType(INamedTypeSymbol type)
        => SymbolEqualityComparer.Default.Equals(type, _types.TokenConsumer) || SymbolEqualityComparer.Default.Equals(type, _types.Mirror);

    private static bool IsFrameworkNamespace(INamespaceSymbol? ns)
    {
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name == "System";
    }

    private static Taint Max(Taint a, Taint b) => a > b ? a : b;

    private static bool IsKeyValuePair(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "KeyValuePair", ContainingNamespace: { Name: "Generic" } };

    private static bool IsEnumerable(ITypeSymbol type)
        => type.SpecialType != SpecialType.System_String && (type is IArrayTypeSymbol || ElementType(type) is not null);

    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { Name: "IEnumerable", TypeArguments.Length: 1 } self)
        {
            return self.TypeArguments[0];
        }

        foreach (var face in type.AllInterfaces)
        {
            if (face is { Name: "IEnumerable", TypeArguments.Length: 1 })
            {
                return face.TypeArguments[0];
            }
        }

        return null;
    }
}

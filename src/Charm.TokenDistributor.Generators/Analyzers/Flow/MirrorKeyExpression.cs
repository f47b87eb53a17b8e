using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>Recognises a databag key written as <c>"mirror-…"</c>: a constant, a concatenation or an interpolation
/// whose constant prefix is <c>mirror-</c>, or a local holding only such keys.</summary>
internal static class MirrorKeyExpression
{
    public const string Prefix = "mirror-";

    private const int MaxDepth = 8;

    /// <summary>Whether <paramref name="key"/> is built by hand with the <c>mirror-</c> prefix.</summary>
    /// <param name="key">The key argument.</param>
    /// <param name="flows">Locals are followed through their assignments.</param>
    /// <param name="text">The key as written: the full constant, or the constant prefix followed by <c>…</c>.</param>
    /// <param name="constant">The full key when it is a compile-time constant.</param>
    public static bool IsHandBuilt(IOperation key, LocalFlow.Cache flows, out string text, out string? constant)
    {
        constant = null;
        text = "";
        if (!TryDescribe(key, flows, 0, out var prefix, out var complete) || !prefix.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        constant = complete ? prefix : null;
        text = complete ? prefix : prefix + "…";
        return true;
    }

    /// <summary>Whether <paramref name="key"/> is the library's <c>MirrorKeys.MirrorId(x)</c>.</summary>
    /// <param name="key">The key argument.</param>
    /// <param name="mirrorKeys">The resolved <c>MirrorKeys</c> type, if the compilation has it.</param>
    /// <param name="constant">The full key when <c>x</c> is a compile-time constant.</param>
    public static bool IsMirrorId(IOperation key, INamedTypeSymbol? mirrorKeys, out string? constant)
    {
        constant = null;
        while (key is IConversionOperation conversion)
        {
            key = conversion.Operand;
        }

        if (mirrorKeys is null
            || key is not IInvocationOperation { TargetMethod.Name: "MirrorId" } call
            || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, mirrorKeys))
        {
            return false;
        }

        if (call.Arguments.Length == 1 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string suffix })
        {
            constant = Prefix + suffix;
        }

        return true;
    }

    /// <summary>The constant text a key starts with, and whether that is the whole key.</summary>
    private static bool TryDescribe(IOperation operation, LocalFlow.Cache flows, int depth, out string prefix, out bool complete)
    {
        prefix = "";
        complete = false;
        if (depth > MaxDepth)
        {
            return false;
        }

        if (operation.ConstantValue is { HasValue: true, Value: string value })
        {
            prefix = value;
            complete = true;
            return true;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return TryDescribe(conversion.Operand, flows, depth + 1, out prefix, out complete);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                if (!TryDescribe(add.LeftOperand, flows, depth + 1, out var left, out var leftComplete))
                {
                    return false;
                }

                prefix = left;
                if (leftComplete && TryDescribe(add.RightOperand, flows, depth + 1, out var right, out var rightComplete))
                {
                    prefix = left + right;
                    complete = rightComplete;
                }

                return true;
            case IInterpolatedStringOperation interpolated:
                return DescribeInterpolation(interpolated, out prefix, out complete);
            case IInvocationOperation { TargetMethod: { Name: "Concat", ContainingType.SpecialType: SpecialType.System_String } } concat
                when concat.Arguments.Length > 0 && concat.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string first }:
                prefix = first;
                return true;
            case ILocalReferenceOperation local:
                return DescribeLocal(local, flows, depth, out prefix, out complete);
            default:
                return false;
        }
    }

    private static bool DescribeInterpolation(IInterpolatedStringOperation interpolated, out string prefix, out bool complete)
    {
        var text = new StringBuilder();
        complete = true;
        foreach (var part in interpolated.Parts)
        {
            var constant = part switch
            {
                IInterpolatedStringTextOperation literal => literal.Text.ConstantValue,
                IInterpolationOperation { Alignment: null, FormatString: null } hole => hole.Expression.ConstantValue,
                _ => default,
            };
            if (constant is not { HasValue: true, Value: string piece })
            {
                complete = false;
                break;
            }

            text.Append(piece);
        }

        prefix = text.ToString();
        return prefix.Length > 0;
    }

    /// <summary>A local counts when every value it may hold is a mirror key; the shortest common description wins.</summary>
    private static bool DescribeLocal(ILocalReferenceOperation local, LocalFlow.Cache flows, int depth, out string prefix, out bool complete)
    {
        prefix = "";
        complete = false;
        var sources = flows.For(local).SourcesOf(local.Local);
        if (sources.Count == 0)
        {
            return false;
        }

        var descriptions = new List<(string Prefix, bool Complete)>(sources.Count);
        foreach (var source in sources)
        {
            if (source.Shape != FlowShape.Direct
                || !TryDescribe(source.Value, flows, depth + 1, out var sourcePrefix, out var sourceComplete)
                || !sourcePrefix.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return false;
            }

            descriptions.Add((sourcePrefix, sourceComplete));
        }

        prefix = descriptions[0].Prefix;
        complete = descriptions[0].Complete;
        for (var i = 1; i < descriptions.Count; i++)
        {
            if (descriptions[i].Prefix != prefix || !descriptions[i].Complete || !complete)
            {
                prefix = Prefix;
                complete = false;
            }
        }

        return true;
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>
/// Whether the unit is known to be the leader where an operation runs: inside the true branch of a condition that
/// implies <c>IsLeader</c>, after an early exit when it is not (<c>if (!Unit.IsLeader) return;</c>), on the right of
/// <c>IsLeader &amp;&amp; …</c>, or in a handler of <c>leader-elected</c>. Juju keeps a leader's lease for the rest of
/// a hook it started as leader, so a check anywhere earlier in the handler holds for the whole handler.
/// </summary>
internal static class Leadership
{
    private const int MaxDepth = 8;

    public static bool IsEstablished(IOperation operation, ISymbol containingSymbol, CharmTypes types, LocalFlow.Cache flows)
    {
        var current = operation;
        for (var parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional:
                    if ((current == conditional.WhenTrue && Implies(conditional.Condition, true, types, flows, 0))
                        || (current == conditional.WhenFalse && Implies(conditional.Condition, false, types, flows, 0)))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when current == conjunction.RightOperand:
                    if (Implies(conjunction.LeftOperand, true, types, flows, 0))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when current == disjunction.RightOperand:
                    if (Implies(disjunction.LeftOperand, false, types, flows, 0))
                    {
                        return true;
                    }

                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == current)
                        {
                            break;
                        }

                        if (IsLeadershipGuard(statement, types, flows))
                        {
                            return true;
                        }
                    }

                    break;
                case IAnonymousFunctionOperation lambda:
                    if (HasLeaderElectedParameter(lambda.Symbol.Parameters, types))
                    {
                        return true;
                    }

                    if (IsObservedHandler(lambda, types))
                    {
                        // The handler runs in a later hook: a check around its registration says nothing about then.
                        return false;
                    }

                    break;
                case ILocalFunctionOperation local:
                    // A local function may be called from anywhere in its method; only its own checks count.
                    return HasLeaderElectedParameter(local.Symbol.Parameters, types);
            }
        }

        return containingSymbol is IMethodSymbol method && HasLeaderElectedParameter(method.Parameters, types);
    }

    /// <summary>Whether <paramref name="condition"/> evaluating to <paramref name="value"/> means the unit is the leader.</summary>
    public static bool Implies(IOperation condition, bool value, CharmTypes types, LocalFlow.Cache flows, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (condition)
        {
            case IConversionOperation conversion:
                return Implies(conversion.Operand, value, types, flows, depth + 1);
            case IPropertyReferenceOperation property when types.IsLeaderProperty(property):
                return value;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation:
                return Implies(negation.Operand, !value, types, flows, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                return value
                    ? Implies(conjunction.LeftOperand, true, types, flows, depth + 1) || Implies(conjunction.RightOperand, true, types, flows, depth + 1)
                    : Implies(conjunction.LeftOperand, false, types, flows, depth + 1) && Implies(conjunction.RightOperand, false, types, flows, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction:
                return value
                    ? Implies(disjunction.LeftOperand, true, types, flows, depth + 1) && Implies(disjunction.RightOperand, true, types, flows, depth + 1)
                    : Implies(disjunction.LeftOperand, false, types, flows, depth + 1) || Implies(disjunction.RightOperand, false, types, flows, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                {
                    var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                    if (comparison.RightOperand.ConstantValue is { HasValue: true, Value: bool right })
                    {
                        return Implies(comparison.LeftOperand, (value == equals) == right, types, flows, depth + 1);
                    }

                    if (comparison.LeftOperand.ConstantValue is { HasValue: true, Value: bool left })
                    {
                        return Implies(comparison.RightOperand, (value == equals) == left, types, flows, depth + 1);
                    }

                    return false;
                }

            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } } } isPattern when value:
                return Implies(isPattern.Value, constant, types, flows, depth + 1);
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } } } } isNot when value:
                return Implies(isNot.Value, !constant, types, flows, depth + 1);
            case ILocalReferenceOperation local:
                {
                    // A bool local assigned once from a leadership check: var leader = Unit.IsLeader;
                    var sources = flows.For(local).SourcesOf(local.Local);
                    return sources.Count == 1 && sources[0].Shape == FlowShape.Direct && Implies(sources[0].Value, value, types, flows, depth + 1);
                }

            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="handler"/> is the handler argument of <c>CharmFramework.Observe</c>.</summary>
    public static bool IsObservedHandler(IAnonymousFunctionOperation handler, CharmTypes types)
    {
        IOperation? current = handler.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current is IArgumentOperation { Parent: IInvocationOperation invocation } && types.IsObserve(invocation);
    }

    /// <summary><c>if (!Unit.IsLeader) return;</c> and its variants: a statement after which the unit is the leader.</summary>
    private static bool IsLeadershipGuard(IOperation statement, CharmTypes types, LocalFlow.Cache flows)
        => statement is IConditionalOperation guard
           && ((AlwaysExits(guard.WhenTrue) && Implies(guard.Condition, false, types, flows, 0))
               || (guard.WhenFalse is { } whenFalse && AlwaysExits(whenFalse) && Implies(guard.Condition, true, types, flows, 0)));

    private static bool AlwaysExits(IOperation statement) => statement switch
    {
        IReturnOperation or IThrowOperation or IBranchOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation block => block.Operations.Length > 0 && AlwaysExits(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private static bool HasLeaderElectedParameter(ImmutableArray<IParameterSymbol> parameters, CharmTypes types)
    {
        foreach (var parameter in parameters)
        {
            if (types.LeaderElectedEvent is not null && SymbolEqualityComparer.Default.Equals(parameter.Type, types.LeaderElectedEvent))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>
/// Whether the unit is known to be the leader where an operation runs: inside the true branch of a condition that
/// implies <c>IsLeader</c>, after an early exit when it is not (<c>if (!Unit.IsLeader) return;</c>), on the right of
/// <c>IsLeader &amp;&amp; …</c>, or in a handler of <c>leader-elected</c> (one taking <c>LeaderElectedEvent</c>, or an
/// <c>[On(JujuEventKind.LeaderElected)]</c> method). Juju keeps a leader's lease for the rest of
/// a hook it started as leader, so a check anywhere earlier in the handler holds for the whole handler.
/// </summary>
internal static class Leadership
{
    private const int MaxDepth = 8;

    /// <summary>
    /// Whether the unit is known to be the leader where <paramref name="operation"/> runs; with
    /// <paramref name="peerRelation"/>, also whether that relation is known to be a peer relation
    /// (<c>relation.IsPeer</c>), which is as good for a read of its application databag.
    /// </summary>
    public static bool IsEstablished(IOperation operation, ISymbol containingSymbol, CharmTypes types, LocalFlow.Cache flows, IOperation? peerRelation = null)
    {
        var fact = new Fact(types, peerRelation);
        var current = operation;
        for (var parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional:
                    if ((current == conditional.WhenTrue && Implies(conditional.Condition, true, fact, flows, 0))
                        || (current == conditional.WhenFalse && Implies(conditional.Condition, false, fact, flows, 0)))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when current == conjunction.RightOperand:
                    if (Implies(conjunction.LeftOperand, true, fact, flows, 0))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction when current == disjunction.RightOperand:
                    if (Implies(disjunction.LeftOperand, false, fact, flows, 0))
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

                        if (IsLeadershipGuard(statement, fact, flows))
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

        return containingSymbol is IMethodSymbol method && (HasLeaderElectedParameter(method.Parameters, types) || IsLeaderElectedOnHandler(method, types));
    }

    /// <summary>
    /// A method whose every <c>[On]</c> names <c>JujuEventKind.LeaderElected</c>: the generator wires it to
    /// <c>leader-elected</c> whatever it takes (nothing, <c>HookEvent</c>, <c>EventBase</c>, <c>object</c>).
    /// </summary>
    private static bool IsLeaderElectedOnHandler(IMethodSymbol method, CharmTypes types)
    {
        if (types.OnAttribute is null)
        {
            return false;
        }

        var found = false;
        foreach (var attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.OnAttribute))
            {
                continue;
            }

            // The kind's constant, read as the generator reads it (HandlerShape): EventKind mirrors JujuEventKind's values.
            if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not int kind || kind != (int)EventKind.LeaderElected)
            {
                return false;
            }

            found = true;
        }

        return found;
    }

    /// <summary>Whether <paramref name="condition"/> evaluating to <paramref name="value"/> means the unit is the leader.</summary>
    private static bool Implies(IOperation condition, bool value, Fact fact, LocalFlow.Cache flows, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (condition)
        {
            case IConversionOperation conversion:
                return Implies(conversion.Operand, value, fact, flows, depth + 1);
            case IPropertyReferenceOperation property when fact.IsEstablishedBy(property):
                return value;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation:
                return Implies(negation.Operand, !value, fact, flows, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                return value
                    ? Implies(conjunction.LeftOperand, true, fact, flows, depth + 1) || Implies(conjunction.RightOperand, true, fact, flows, depth + 1)
                    : Implies(conjunction.LeftOperand, false, fact, flows, depth + 1) && Implies(conjunction.RightOperand, false, fact, flows, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } disjunction:
                return value
                    ? Implies(disjunction.LeftOperand, true, fact, flows, depth + 1) && Implies(disjunction.RightOperand, true, fact, flows, depth + 1)
                    : Implies(disjunction.LeftOperand, false, fact, flows, depth + 1) || Implies(disjunction.RightOperand, false, fact, flows, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                {
                    var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                    if (comparison.RightOperand.ConstantValue is { HasValue: true, Value: bool right })
                    {
                        return Implies(comparison.LeftOperand, (value == equals) == right, fact, flows, depth + 1);
                    }

                    if (comparison.LeftOperand.ConstantValue is { HasValue: true, Value: bool left })
                    {
                        return Implies(comparison.RightOperand, (value == equals) == left, fact, flows, depth + 1);
                    }

                    return false;
                }

            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } } } isPattern when value:
                return Implies(isPattern.Value, constant, fact, flows, depth + 1);
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } } } } isNot when value:
                return Implies(isNot.Value, !constant, fact, flows, depth + 1);
            case ILocalReferenceOperation local:
                {
                    // A bool local assigned once from a leadership check: var leader = Unit.IsLeader;
                    var sources = flows.For(local).SourcesOf(local.Local);
                    return sources.Count == 1 && sources[0].Shape == FlowShape.Direct && Implies(sources[0].Value, value, fact, flows, depth + 1);
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
    private static bool IsLeadershipGuard(IOperation statement, Fact fact, LocalFlow.Cache flows)
        => statement is IConditionalOperation guard
           && ((AlwaysExits(guard.WhenTrue) && Implies(guard.Condition, false, fact, flows, 0))
               || (guard.WhenFalse is { } whenFalse && AlwaysExits(whenFalse) && Implies(guard.Condition, true, fact, flows, 0)));

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

    /// <summary>What a condition must imply: <c>IsLeader</c>, or with a peer relation, also that relation's <c>IsPeer</c>.</summary>
    private readonly struct Fact
    {
        private readonly CharmTypes _types;
        private readonly IOperation? _peerRelation;

        public Fact(CharmTypes types, IOperation? peerRelation)
        {
            _types = types;
            _peerRelation = peerRelation;
        }

        public bool IsEstablishedBy(IPropertyReferenceOperation property)
            => _types.IsLeaderProperty(property)
               || (_peerRelation is not null
                   && property.Property.Name == "IsPeer"
                   && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _types.Relation)
                   && SameValue(property.Instance, _peerRelation, 0));
    }

    /// <summary>
    /// Whether two operations denote the same value by naming it the same way: the same local, parameter or
    /// <c>this</c>, through the same fields and parameterless properties (<c>e.Relation</c>).
    /// </summary>
    public static bool SameValue(IOperation? left, IOperation? right, int depth)
    {
        while (left is IConversionOperation leftConversion)
        {
            left = leftConversion.Operand;
        }

        while (right is IConversionOperation rightConversion)
        {
            right = rightConversion.Operand;
        }

        if (left is null || right is null || depth > MaxDepth)
        {
            return false;
        }

        return (left, right) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field)
                && (a.Field.IsStatic || SameValue(a.Instance, b.Instance, depth + 1)),
            (IPropertyReferenceOperation a, IPropertyReferenceOperation b) => a.Arguments.Length == 0 && b.Arguments.Length == 0
                && SymbolEqualityComparer.Default.Equals(a.Property, b.Property)
                && (a.Property.IsStatic || SameValue(a.Instance, b.Instance, depth + 1)),
            _ => false,
        };
    }
}

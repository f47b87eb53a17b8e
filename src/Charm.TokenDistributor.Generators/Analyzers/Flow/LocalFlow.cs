using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>
/// Where each local of one executable block gets its values: declarations, assignments, deconstructions,
/// <c>foreach</c> variables, <c>out</c> arguments and pattern designations. Flow-insensitive on purpose: a local is
/// described by every value it may hold, which is what a rule about "a value that flows into X" needs, and it costs
/// one walk of the block.
/// </summary>
internal sealed class LocalFlow
{
    private static readonly IReadOnlyList<FlowSource> None = Array.Empty<FlowSource>();

    private readonly Dictionary<ILocalSymbol, List<FlowSource>> _sources = new(SymbolEqualityComparer.Default);

    private LocalFlow(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    Add(declarator.Symbol, new FlowSource(initializer.Value, FlowShape.Direct));
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    // Simple, compound (+=) and coalesce (??=) assignments: the assigned value joins what the local holds.
                    Add(target.Local, new FlowSource(assignment.Value, FlowShape.Direct));
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    AddTuple(deconstruction.Target, deconstruction.Value, FlowShape.Deconstructed);
                    break;
                case IForEachLoopOperation loop:
                    if (loop.LoopControlVariable is IVariableDeclaratorOperation variable)
                    {
                        Add(variable.Symbol, new FlowSource(loop.Collection, FlowShape.Element));
                    }
                    else
                    {
                        AddTuple(loop.LoopControlVariable, loop.Collection, FlowShape.DeconstructedElement);
                    }

                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out } argument when AsLocal(argument.Value) is { } outLocal && argument.Parent is { } call:
                    Add(outLocal, new FlowSource(call, FlowShape.OutArgument, argument.Parameter.Ordinal));
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern when PatternInput(pattern) is { } input:
                    Add(declared, new FlowSource(input, FlowShape.Direct));
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern when PatternInput(pattern) is { } input:
                    Add(declared, new FlowSource(input, FlowShape.Direct));
                    break;
            }
        }
    }

    /// <summary>Every value the local may hold, in no particular order; empty for a local assigned nowhere in the block.</summary>
    public IReadOnlyList<FlowSource> SourcesOf(ILocalSymbol local) => _sources.TryGetValue(local, out var list) ? list : None;

    /// <summary>A per-compilation cache of flows keyed by the root operation of each block.</summary>
    public sealed class Cache
    {
        private readonly ConditionalWeakTable<IOperation, LocalFlow> _flows = new();

        /// <summary>The flow of the block that contains <paramref name="operation"/>, built on first use.</summary>
        public LocalFlow For(IOperation operation)
        {
            var root = operation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return _flows.GetValue(root, static r => new LocalFlow(r));
        }
    }

    private void Add(ILocalSymbol local, FlowSource source)
    {
        if (!_sources.TryGetValue(local, out var list))
        {
            list = new List<FlowSource>(1);
            _sources[local] = list;
        }

        list.Add(source);
    }

    private void AddTuple(IOperation target, IOperation value, FlowShape shape)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        if (target is not ITupleOperation tuple)
        {
            return;
        }

        for (var i = 0; i < tuple.Elements.Length; i++)
        {
            if (AsLocal(tuple.Elements[i]) is { } local)
            {
                Add(local, new FlowSource(value, shape, i));
            }
        }
    }

    private static ILocalSymbol? AsLocal(IOperation operation) => operation switch
    {
        ILocalReferenceOperation reference => reference.Local,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation reference } => reference.Local,
        _ => null,
    };

    /// <summary>The value a top-level pattern tests (through <c>and</c>/<c>or</c>/<c>not</c>); null inside a sub-pattern.</summary>
    private static IOperation? PatternInput(IPatternOperation pattern)
    {
        IOperation? current = pattern.Parent;
        while (current is IBinaryPatternOperation or INegatedPatternOperation)
        {
            current = current.Parent;
        }

        return current switch
        {
            IIsPatternOperation isPattern => isPattern.Value,
            ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } => switchExpression.Value,
            IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } } => switchStatement.Value,
            _ => null,
        };
    }
}

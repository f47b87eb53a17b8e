using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>One place a local gets its value from.</summary>
internal readonly struct FlowSource
{
    public FlowSource(IOperation value, FlowShape shape, int index = -1)
    {
        Value = value;
        Shape = shape;
        Index = index;
    }

    /// <summary>The operation the value comes from (for <see cref="FlowShape.OutArgument"/>, the invocation).</summary>
    public IOperation Value { get; }

    /// <summary>How the value reaches the local.</summary>
    public FlowShape Shape { get; }

    /// <summary>The tuple element or argument position, where <see cref="Shape"/> has one; otherwise -1.</summary>
    public int Index { get; }
}

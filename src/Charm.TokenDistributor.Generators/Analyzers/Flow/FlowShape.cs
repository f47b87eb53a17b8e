namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>How a value reaches a local from the operation recorded for it.</summary>
internal enum FlowShape
{
    /// <summary>The local holds the value itself (declaration, assignment, pattern).</summary>
    Direct,

    /// <summary>The local holds one element of a tuple or deconstructed value (<see cref="FlowSource.Index"/>).</summary>
    Deconstructed,

    /// <summary>The local is a <c>foreach</c> variable over the value.</summary>
    Element,

    /// <summary>The local is one deconstructed part of each element of a <c>foreach</c> over the value.</summary>
    DeconstructedElement,

    /// <summary>The local receives an <c>out</c> argument of an invocation (<see cref="FlowSource.Index"/> is the argument's position).</summary>
    OutArgument,
}

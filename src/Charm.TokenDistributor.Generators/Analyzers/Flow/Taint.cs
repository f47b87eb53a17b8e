namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>How much of a value comes from the mirror.</summary>
internal enum Taint
{
    /// <summary>Nothing read from the mirror.</summary>
    None = 0,

    /// <summary>A collection whose values (not keys) are mirrored values, e.g. <c>Mirror.RelevantData</c>.</summary>
    Container = 1,

    /// <summary>A mirrored value itself (a join token), or text that contains one.</summary>
    Value = 2,
}

namespace Charm.Framework.State;

/// <summary>What a <see cref="StoredValue"/> holds.</summary>
public enum StoredValueKind
{
    /// <summary>A string.</summary>
    String,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A 64-bit integer.</summary>
    Integer,
    /// <summary>A double.</summary>
    Float,
    /// <summary>A list of strings.</summary>
    StringList,
    /// <summary>A map from strings to strings, keys in ordinal order.</summary>
    StringMap,
}

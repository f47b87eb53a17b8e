namespace Charm.TokenDistributor;

/// <summary>
/// Marks a <c>partial</c> string property as a value mirrored to every unit through the distributor
/// (<c>mirror-&lt;key&gt;</c>). Reading it gives the corroborated mirrored value; setting it publishes the value from
/// this unit. The generator implements the property.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MirrorKeyAttribute : Attribute
{
    /// <summary>Declares the mirrored key.</summary>
    /// <param name="key">The key without the <c>mirror-</c> prefix, e.g. <c>ca-cert</c>.</param>
    public MirrorKeyAttribute(string key) => Key = key;

    /// <summary>The key without the prefix.</summary>
    public string Key { get; }

    /// <summary>The consumer relation the key belongs to; needed only when the class has several consumers.</summary>
    public string? Relation { get; set; }
}

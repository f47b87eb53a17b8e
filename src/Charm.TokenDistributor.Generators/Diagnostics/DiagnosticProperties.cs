namespace Charm.TokenDistributor.Generators.Diagnostics;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> that the code fixes read.</summary>
internal static class DiagnosticProperties
{
    /// <summary>CTD2001: the name of the generated accessor that replaces the access.</summary>
    public const string Accessor = "Accessor";

    /// <summary>CTD2001: how the key is used, one of the <c>Form…</c> values.</summary>
    public const string Form = "Form";

    /// <summary>CTD2001: <c>bag["mirror-x"]</c>, read or assigned.</summary>
    public const string FormIndexer = "Indexer";

    /// <summary>CTD2001: <c>bag.Set("mirror-x", value)</c>.</summary>
    public const string FormSet = "Set";

    /// <summary><c>bag.Remove("mirror-x")</c>: never fixed (a mirrored value cannot be withdrawn), so never in a CTD2001.</summary>
    public const string FormRemove = "Remove";

    /// <summary>CTD4008: the name of the generated initialisation method.</summary>
    public const string InitializeMethod = "InitializeMethod";

    /// <summary>CTD5009: the declared config key nearest the one read.</summary>
    public const string ConfigKey = "ConfigKey";

    /// <summary>CTD5009: the typed config property of <see cref="ConfigKey"/> that the read can become (same type, never null where the read was not).</summary>
    public const string ConfigProperty = "ConfigProperty";
}

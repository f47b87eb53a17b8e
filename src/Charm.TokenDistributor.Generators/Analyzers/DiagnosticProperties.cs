namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> that the code fixes read.</summary>
internal static class DiagnosticProperties
{
    /// <summary>CTD2001: the name of the generated accessor; present only when the fix can use it at the reported place.</summary>
    public const string Accessor = "Accessor";

    /// <summary>CTD2001: how the key is used, one of the <c>Form…</c> values.</summary>
    public const string Form = "Form";

    /// <summary>CTD2001: <c>bag["mirror-x"]</c>, read or assigned.</summary>
    public const string FormIndexer = "Indexer";

    /// <summary>CTD2001: <c>bag.Set("mirror-x", value)</c>.</summary>
    public const string FormSet = "Set";

    /// <summary>CTD2001: <c>bag.Remove("mirror-x")</c>.</summary>
    public const string FormRemove = "Remove";

    /// <summary>CTD2001: <c>"true"</c> when the accessor is <c>string?</c> (a deletion assigns <c>null</c>), else <c>"false"</c> (it assigns <c>""</c>).</summary>
    public const string AccessorIsNullable = "AccessorIsNullable";

    /// <summary>CTD4008: the name of the generated initialisation method.</summary>
    public const string InitializeMethod = "InitializeMethod";
}

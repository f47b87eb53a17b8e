namespace Charm.TokenDistributor.Generators;

/// <summary>Names shared by the generator and the analyzers.</summary>
internal static class KnownNames
{
    public const string ConsumerAttribute = "Charm.TokenDistributor.TokenDistributorConsumerAttribute";
    public const string ProviderAttribute = "Charm.TokenDistributor.TokenDistributorProviderAttribute";
    public const string MirrorKeyAttribute = "Charm.TokenDistributor.MirrorKeyAttribute";
    public const string OnAttribute = "Charm.Framework.Events.OnAttribute";
    public const string CharmBase = "Charm.Framework.CharmBase";
    public const string CharmContext = "Charm.Framework.Dispatch.CharmContext";

    /// <summary>
    /// The method the generator adds to every attributed charm: it creates the consumers and providers, subscribes the
    /// partial hook methods and observes the <c>[On]</c> handlers. The generated constructor calls it; a charm that
    /// declares its own constructor must call it there.
    /// </summary>
    public const string InitializeMethod = "InitializeTokenDistributor";

    /// <summary>The generated static list of the hook names a charm reacts to.</summary>
    public const string HandledHooksProperty = "HandledHooks";

    /// <summary>The generated entry point class (for an executable with one attributed charm and no <c>Main</c>).</summary>
    public const string EntryPointClass = "CharmProgram";

    /// <summary>The tool name in the generated code's <c>[GeneratedCode]</c> attribute.</summary>
    public const string GeneratorTool = "Charm.TokenDistributor.Generators";
}

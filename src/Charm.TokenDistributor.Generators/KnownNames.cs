namespace Charm.TokenDistributor.Generators;

/// <summary>Names shared by the generator and the analyzers.</summary>
internal static class KnownNames
{
    public const string ConsumerAttribute = "Charm.TokenDistributor.TokenDistributorConsumerAttribute";
    public const string ProviderAttribute = "Charm.TokenDistributor.TokenDistributorProviderAttribute";
    public const string MirrorKeyAttribute = "Charm.TokenDistributor.MirrorKeyAttribute";
    public const string OnAttribute = "Charm.Framework.Events.OnAttribute";
    public const string CharmBase = "Charm.Framework.CharmBase";
}

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>The top-level section of charm metadata an endpoint is declared under.</summary>
internal enum EndpointRole
{
    Requires,
    Provides,
    Peers,
}

namespace Charm.Framework.Model;

/// <summary>How a charm declares an endpoint in <c>charmcraft.yaml</c> / <c>metadata.yaml</c>.</summary>
public enum EndpointRole
{
    /// <summary>Under <c>requires:</c>.</summary>
    Requires,
    /// <summary>Under <c>provides:</c>.</summary>
    Provides,
    /// <summary>Under <c>peers:</c>.</summary>
    Peers,
}

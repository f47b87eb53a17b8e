namespace Charm.Framework.Model;

/// <summary>One declared endpoint.</summary>
/// <param name="Name">The endpoint name, e.g. <c>cluster</c>.</param>
/// <param name="Role">requires, provides or peers.</param>
/// <param name="Interface">The interface name, e.g. <c>worker-cluster</c>.</param>
/// <param name="Limit">The declared <c>limit</c>, if any.</param>
public sealed record EndpointSpec(string Name, EndpointRole Role, string Interface, int? Limit = null);

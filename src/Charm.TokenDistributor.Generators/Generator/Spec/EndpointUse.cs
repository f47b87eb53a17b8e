using Charm.TokenDistributor.Generators.Metadata;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>
/// One place where a charm names a relation endpoint, to be checked against its metadata: a token distributor attribute
/// (which needs the endpoint under <see cref="Role"/>) or an <c>[On]</c> relation event (any role will do).
/// </summary>
/// <param name="Endpoint">The endpoint as written, e.g. <c>cluster</c>.</param>
/// <param name="Role">The role the attribute needs; null for an <c>[On]</c> handler.</param>
/// <param name="Owner">The attribute's name (<c>TokenDistributorConsumer</c>) or the handler method's name.</param>
/// <param name="Location">Where the endpoint is written (the attribute argument, or the <c>[On]</c> attribute).</param>
/// <param name="IsAction">Whether <paramref name="Endpoint"/> is an action's name (an <c>[On(JujuEventKind.Action, …)]</c>
/// handler), checked against the declared actions instead of the endpoints.</param>
internal sealed record EndpointUse(string Endpoint, EndpointRole? Role, string Owner, Location Location, bool IsAction = false);

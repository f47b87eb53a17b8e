namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>One <c>[On]</c> attribute on a charm method: the method observes the event.</summary>
/// <param name="MethodName">The method (not escaped).</param>
/// <param name="IsStatic">Whether the method is static.</param>
/// <param name="TakesEvent">Whether the method takes the event (otherwise it takes nothing and is called through a lambda).</param>
/// <param name="Kind">The event kind.</param>
/// <param name="Endpoint">The endpoint, for relation events; <see langword="null"/> otherwise.</param>
internal sealed record HandlerSpec(string MethodName, bool IsStatic, bool TakesEvent, EventKind Kind, string? Endpoint);

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>One <c>[TokenDistributorProvider]</c> relation.</summary>
/// <param name="Relation">The endpoint, e.g. <c>microcluster-cluster</c>.</param>
/// <param name="PropertyName">The PascalCase endpoint: the name of the property holding the provider.</param>
/// <param name="IsolateRelations">The attribute's <c>IsolateRelations</c>: the provider keeps the endpoint's relations apart.</param>
internal sealed record ProviderSpec(string Relation, string PropertyName, bool IsolateRelations);

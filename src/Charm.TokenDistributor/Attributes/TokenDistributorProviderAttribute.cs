namespace Charm.TokenDistributor;

/// <summary>
/// Makes a <c>partial</c> charm class the token distributor on <see cref="Relation"/>: the source generator wires the
/// distributor's hooks.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TokenDistributorProviderAttribute : Attribute
{
    /// <summary>Declares the provider.</summary>
    /// <param name="relation">The <c>provides</c> endpoint, e.g. <c>microcluster-cluster</c>.</param>
    public TokenDistributorProviderAttribute(string relation) => Relation = relation;

    /// <summary>The relation endpoint.</summary>
    public string Relation { get; }

    /// <summary>
    /// Handles each relation of the endpoint on its own, so no consumer application reads another's join tokens or host
    /// names: the generated provider runs with <c>TokenDistributorProviderOptions.IsolateRelations</c>. Default
    /// <see langword="false"/>: v0.8's mirror merged across relations.
    /// </summary>
    public bool IsolateRelations { get; set; }
}

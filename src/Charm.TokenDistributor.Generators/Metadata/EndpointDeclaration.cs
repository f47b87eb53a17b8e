namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>One relation endpoint as a metadata file declares it.</summary>
/// <param name="Name">The endpoint name, e.g. <c>cluster</c>.</param>
/// <param name="Role">The section it is declared under.</param>
/// <param name="Interface">The <c>interface:</c> value, or null when the endpoint has none.</param>
internal sealed record EndpointDeclaration(string Name, EndpointRole Role, string? Interface)
{
    /// <summary>The metadata section of <paramref name="role"/>: <c>requires</c>, <c>provides</c> or <c>peers</c>.</summary>
    public static string SectionName(EndpointRole role) => role switch
    {
        EndpointRole.Requires => "requires",
        EndpointRole.Provides => "provides",
        _ => "peers",
    };
}

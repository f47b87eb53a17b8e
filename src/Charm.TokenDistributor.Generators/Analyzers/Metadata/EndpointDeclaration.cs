namespace Charm.TokenDistributor.Generators.Analyzers.Metadata;

/// <summary>One relation endpoint as a metadata file declares it.</summary>
internal sealed class EndpointDeclaration
{
    public EndpointDeclaration(string name, EndpointRole role, string? @interface)
    {
        Name = name;
        Role = role;
        Interface = @interface;
    }

    public string Name { get; }

    public EndpointRole Role { get; }

    /// <summary>The <c>interface:</c> value, or null when the endpoint has none.</summary>
    public string? Interface { get; }

    public static string SectionName(EndpointRole role) => role switch
    {
        EndpointRole.Requires => "requires",
        EndpointRole.Provides => "provides",
        _ => "peers",
    };
}

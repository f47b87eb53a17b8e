using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// The runtime types the analyzers reason about, resolved once per compilation. A member is <see langword="null"/>
/// when the compilation does not reference the assembly that defines it; each analyzer bails out when what it needs
/// is absent, so a project without the framework pays nothing.
/// </summary>
internal sealed class CharmTypes
{
    private CharmTypes(Compilation compilation)
    {
        CharmBase = compilation.GetTypeByMetadataName(KnownNames.CharmBase);
        Databag = compilation.GetTypeByMetadataName("Charm.Framework.Model.Databag");
        Relation = compilation.GetTypeByMetadataName("Charm.Framework.Model.Relation");
        Unit = compilation.GetTypeByMetadataName("Charm.Framework.Model.Unit");
        JujuModel = compilation.GetTypeByMetadataName("Charm.Framework.Model.JujuModel");
        JujuLogger = compilation.GetTypeByMetadataName("Charm.Framework.Model.JujuLogger");
        Status = compilation.GetTypeByMetadataName("Charm.Framework.Model.Status");
        CharmFramework = compilation.GetTypeByMetadataName("Charm.Framework.Dispatch.CharmFramework");
        HookEvent = compilation.GetTypeByMetadataName("Charm.Framework.Events.HookEvent");
        LeaderElectedEvent = compilation.GetTypeByMetadataName("Charm.Framework.Events.LeaderElectedEvent");
        OnAttribute = compilation.GetTypeByMetadataName(KnownNames.OnAttribute);
        ConsumerAttribute = compilation.GetTypeByMetadataName(KnownNames.ConsumerAttribute);
        ProviderAttribute = compilation.GetTypeByMetadataName(KnownNames.ProviderAttribute);
        MirrorKeyAttribute = compilation.GetTypeByMetadataName(KnownNames.MirrorKeyAttribute);
        TokenConsumer = compilation.GetTypeByMetadataName("Charm.TokenDistributor.Consumer.TokenConsumer");
        Mirror = compilation.GetTypeByMetadataName("Charm.TokenDistributor.Protocol.Mirror");
        MirrorKeys = compilation.GetTypeByMetadataName("Charm.TokenDistributor.Protocol.MirrorKeys");
    }

    public INamedTypeSymbol? CharmBase { get; }

    public INamedTypeSymbol? Databag { get; }

    public INamedTypeSymbol? Relation { get; }

    public INamedTypeSymbol? Unit { get; }

    public INamedTypeSymbol? JujuModel { get; }

    public INamedTypeSymbol? JujuLogger { get; }

    public INamedTypeSymbol? Status { get; }

    public INamedTypeSymbol? CharmFramework { get; }

    public INamedTypeSymbol? HookEvent { get; }

    public INamedTypeSymbol? LeaderElectedEvent { get; }

    public INamedTypeSymbol? OnAttribute { get; }

    public INamedTypeSymbol? ConsumerAttribute { get; }

    public INamedTypeSymbol? ProviderAttribute { get; }

    public INamedTypeSymbol? MirrorKeyAttribute { get; }

    public INamedTypeSymbol? TokenConsumer { get; }

    public INamedTypeSymbol? Mirror { get; }

    public INamedTypeSymbol? MirrorKeys { get; }

    public static CharmTypes Resolve(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="operation"/> reads <c>Unit.IsLeader</c> (through any receiver).</summary>
    public bool IsLeaderProperty(IOperation operation)
        => operation is IPropertyReferenceOperation { Property.Name: "IsLeader" } reference
           && SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, Unit);

    /// <summary>Whether <paramref name="type"/> is <see cref="CharmBase"/> or derives from it.</summary>
    public bool IsCharm(ITypeSymbol? type) => CharmBase is not null && DerivesFrom(type, CharmBase);

    /// <summary>Whether <paramref name="invocation"/> calls <c>CharmFramework.Observe</c>.</summary>
    public bool IsObserve(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "Observe"
           && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, CharmFramework);

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}

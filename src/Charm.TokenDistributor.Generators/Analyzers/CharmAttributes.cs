using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>The token distributor attributes applied to one class, in declaration order.</summary>
internal sealed class CharmAttributes
{
    private CharmAttributes(List<AttributeData> consumers, List<AttributeData> providers)
    {
        Consumers = consumers;
        Providers = providers;
    }

    public IReadOnlyList<AttributeData> Consumers { get; }

    public IReadOnlyList<AttributeData> Providers { get; }

    public static CharmAttributes Of(INamedTypeSymbol type, CharmTypes types)
    {
        var consumers = new List<AttributeData>();
        var providers = new List<AttributeData>();
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.ConsumerAttribute))
            {
                consumers.Add(attribute);
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.ProviderAttribute))
            {
                providers.Add(attribute);
            }
        }

        return new CharmAttributes(consumers, providers);
    }
}

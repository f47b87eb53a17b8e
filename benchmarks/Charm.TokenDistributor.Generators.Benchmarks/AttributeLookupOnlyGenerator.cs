using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// The floor any attribute-driven incremental generator pays: <c>ForAttributeWithMetadataName</c> on the same two
/// attributes, with a transform that only reads the class name and no output. On every edit Roslyn rebinds each
/// attributed class and its attributes in the new compilation before any transform can say "unchanged".
/// </summary>
internal sealed class AttributeLookupOnlyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in new[] { "Charm.TokenDistributor.TokenDistributorConsumerAttribute", "Charm.TokenDistributor.TokenDistributorProviderAttribute" })
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                attribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntaxContext, _) => syntaxContext.TargetSymbol.Name);
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }
}

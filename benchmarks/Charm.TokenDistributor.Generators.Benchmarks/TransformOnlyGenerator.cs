using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// <see cref="AttributeLookupOnlyGenerator"/> with the real generator's transforms (<see cref="CharmParser"/>) and no
/// output: used by <c>--explain</c> to split the generator's own per-edit cost into the transforms and the rest of its pipeline.
/// </summary>
internal sealed class TransformOnlyGenerator : IIncrementalGenerator
{
    private static int _providerTransformCalls;

    /// <summary>How many times the provider transform ran, in this process (<c>--explain</c> reports it).</summary>
    public static int ProviderTransformCalls => Volatile.Read(ref _providerTransformCalls);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var consumers = context.SyntaxProvider.ForAttributeWithMetadataName(
            KnownNames.ConsumerAttribute,
            static (node, _) => node is ClassDeclarationSyntax,
            static (syntaxContext, cancellationToken) => CharmParser.ParseConsumerTarget(syntaxContext, readMembersFromSyntax: true, cancellationToken));
        var providers = context.SyntaxProvider.ForAttributeWithMetadataName(
            KnownNames.ProviderAttribute,
            static (node, _) => node is ClassDeclarationSyntax,
            static (syntaxContext, cancellationToken) =>
            {
                Interlocked.Increment(ref _providerTransformCalls);
                return CharmParser.ParseProviderTarget(syntaxContext, readMembersFromSyntax: true, cancellationToken);
            });
        context.RegisterSourceOutput(consumers, static (_, _) => { });
        context.RegisterSourceOutput(providers, static (_, _) => { });
    }
}

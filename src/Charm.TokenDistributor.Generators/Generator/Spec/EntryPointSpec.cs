namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>The generated <c>Main</c>: which charm it constructs, and in which namespace it lives.</summary>
/// <param name="Namespace">The namespace of the entry-point class; empty for the global namespace.</param>
/// <param name="CharmFullyQualifiedName">The <c>global::</c>-qualified charm name.</param>
internal sealed record EntryPointSpec(string Namespace, string CharmFullyQualifiedName);

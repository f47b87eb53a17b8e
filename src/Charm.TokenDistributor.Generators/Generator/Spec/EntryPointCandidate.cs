namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>What the entry-point decision needs to know about one attributed charm.</summary>
/// <param name="Namespace">The charm's namespace (the entry point goes there); empty for the global namespace.</param>
/// <param name="FullyQualifiedName">The <c>global::</c>-qualified charm name.</param>
/// <param name="Constructible">Whether <c>new Charm(context)</c> compiles in a top-level class of the same assembly.</param>
internal sealed record EntryPointCandidate(string Namespace, string FullyQualifiedName, bool Constructible);

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>One accessor of a partial property, as declared.</summary>
/// <param name="Modifiers">Its modifiers (e.g. <c>private</c>), or empty.</param>
/// <param name="Keyword"><c>get</c>, <c>set</c> or <c>init</c>.</param>
internal sealed record AccessorSpec(string Modifiers, string Keyword);

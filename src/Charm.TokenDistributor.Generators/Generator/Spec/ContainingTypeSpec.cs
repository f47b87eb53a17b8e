namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>A type the charm is nested in, re-declared as a partial around the generated members.</summary>
/// <param name="Keyword">The declaration keyword(s): <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type name (not escaped).</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

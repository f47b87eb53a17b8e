using Charm.TokenDistributor.Generators.Common;

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>A <c>[MirrorKey]</c> partial property, to be implemented over its consumer's mirror.</summary>
/// <param name="PropertyName">The property name (not escaped).</param>
/// <param name="Key">The mirrored key without the <c>mirror-</c> prefix.</param>
/// <param name="ConsumerPropertyName">The surface property of the consumer the key belongs to.</param>
/// <param name="Relation">That consumer's relation endpoint.</param>
/// <param name="Modifiers">The declaration's modifiers as written (including <c>partial</c>); the implementation repeats them.</param>
/// <param name="IsNullable">Whether the type is <c>string?</c> rather than <c>string</c>.</param>
/// <param name="Accessors">The accessors as declared.</param>
/// <param name="Documentation">
/// The lines of the declaration's <c>///</c> comment, without the <c>///</c>: the implementation repeats them before its
/// own remarks (the compiler takes a partial member's documentation from its implementation).
/// </param>
internal sealed record MirrorKeySpec(
    string PropertyName,
    string Key,
    string ConsumerPropertyName,
    string Relation,
    string Modifiers,
    bool IsNullable,
    EquatableArray<AccessorSpec> Accessors,
    EquatableArray<string> Documentation);

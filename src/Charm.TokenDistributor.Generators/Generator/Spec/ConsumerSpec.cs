using Charm.TokenDistributor.Generators.Common;

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>One <c>[TokenDistributorConsumer]</c> relation.</summary>
/// <param name="Relation">The endpoint, e.g. <c>cluster</c>.</param>
/// <param name="PropertyName">The PascalCase endpoint: the surface property's name and the hook methods' infix.</param>
/// <param name="Command">The cluster CLI words.</param>
/// <param name="TokenLifetimeSeconds">The token lifetime, when the attribute sets it.</param>
/// <param name="CliTimeoutSeconds">The CLI timeout, when the attribute sets it.</param>
/// <param name="ImplementedHooks">The partial hook methods the charm implements (only these are subscribed).</param>
/// <param name="MirrorKeys">The keys declared with <c>[MirrorKey]</c> for this relation (excluded from the host names).</param>
internal sealed record ConsumerSpec(
    string Relation,
    string PropertyName,
    EquatableArray<string> Command,
    int? TokenLifetimeSeconds,
    int? CliTimeoutSeconds,
    EquatableArray<ConsumerHook> ImplementedHooks,
    EquatableArray<string> MirrorKeys);

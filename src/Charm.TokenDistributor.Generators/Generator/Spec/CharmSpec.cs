using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>
/// Everything the emitter needs about one attributed charm class, as plain values: the parser builds it from symbols,
/// the emitter turns it into source. Value equality lets the incremental driver skip emission when an edit does not
/// change it.
/// </summary>
/// <param name="Namespace">The namespace, dotted; empty for the global namespace.</param>
/// <param name="ContainingTypes">The types the charm is nested in, outermost first.</param>
/// <param name="Name">The class name (not escaped).</param>
/// <param name="FullyQualifiedName">The <c>global::</c>-qualified name, escaped, for code outside the class.</param>
/// <param name="HintName">The generated file's hint name.</param>
/// <param name="IsAbstract">Whether the class is abstract (the generated constructor is then protected and no entry point is made).</param>
/// <param name="HasUserConstructor">Whether the class declares an instance constructor (then the user calls the initialiser).</param>
/// <param name="CanBeConstructedByEntryPoint">Whether a generated <c>Main</c> can run <c>new Charm(context)</c>.</param>
/// <param name="HidesBaseCharmMembers">Whether a base class is itself an attributed charm, so generated statics need <c>new</c>.</param>
/// <param name="Consumers">The consumer relations, in attribute order.</param>
/// <param name="Providers">The provider relations, in attribute order.</param>
/// <param name="MirrorKeys">The partial mirror-key properties to implement, in declaration order.</param>
/// <param name="Handlers">The <c>[On]</c> handlers to observe, in declaration order.</param>
/// <param name="ConfigNamesTaken">CTD4015 for members named like the typed config's (<c>Config</c>, <c>{Charm}Config</c>): reported, and the config left out, when <c>charmcraft.yaml</c> declares config.</param>
internal sealed record CharmSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string FullyQualifiedName,
    string HintName,
    bool IsAbstract,
    bool HasUserConstructor,
    bool CanBeConstructedByEntryPoint,
    bool HidesBaseCharmMembers,
    EquatableArray<ConsumerSpec> Consumers,
    EquatableArray<ProviderSpec> Providers,
    EquatableArray<MirrorKeySpec> MirrorKeys,
    EquatableArray<HandlerSpec> Handlers,
    EquatableArray<DiagnosticInfo> ConfigNamesTaken);

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// The tracking names of the generator's pipeline steps (<c>WithTrackingName</c>), for tests that assert a step was
/// cached or unchanged after an edit. Public so that a test or tool can name them without magic strings.
/// </summary>
public static class TrackingNames
{
    /// <summary>The transform of classes with <c>[TokenDistributorConsumer]</c> (null for declarations that do not produce a charm).</summary>
    public const string ConsumerTransform = nameof(ConsumerTransform);

    /// <summary>The consumer charms that produce source.</summary>
    public const string ConsumerCharms = nameof(ConsumerCharms);

    /// <summary>The transform of classes with <c>[TokenDistributorProvider]</c> and no consumer attribute.</summary>
    public const string ProviderTransform = nameof(ProviderTransform);

    /// <summary>The provider-only charms that produce source.</summary>
    public const string ProviderCharms = nameof(ProviderCharms);

    /// <summary>What the entry-point decision needs about each consumer charm.</summary>
    public const string ConsumerEntryPointCandidates = nameof(ConsumerEntryPointCandidates);

    /// <summary>What the entry-point decision needs about each provider-only charm.</summary>
    public const string ProviderEntryPointCandidates = nameof(ProviderEntryPointCandidates);

    /// <summary>All entry-point candidates, collected.</summary>
    public const string EntryPointCandidates = nameof(EntryPointCandidates);

    /// <summary>Whether the compilation builds an executable, and whether its author wrote an entry point.</summary>
    public const string CompilationKind = nameof(CompilationKind);

    /// <summary>The generated entry point, or null when none is generated.</summary>
    public const string EntryPoint = nameof(EntryPoint);

    /// <summary>Every step name above, for tests that check them all.</summary>
    public static System.Collections.Generic.IReadOnlyList<string> All { get; } =
    [
        ConsumerTransform,
        ConsumerCharms,
        ProviderTransform,
        ProviderCharms,
        ConsumerEntryPointCandidates,
        ProviderEntryPointCandidates,
        EntryPointCandidates,
        CompilationKind,
        EntryPoint,
    ];
}

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

    /// <summary>What each consumer parse left out, and why (empty for a charm without problems).</summary>
    public const string ConsumerDiagnostics = nameof(ConsumerDiagnostics);

    /// <summary>What each provider-only parse left out, and why.</summary>
    public const string ProviderDiagnostics = nameof(ProviderDiagnostics);

    /// <summary>The <c>[MirrorKey]</c> properties of classes without a token distributor attribute (CTD4009).</summary>
    public const string OrphanMirrorKeys = nameof(OrphanMirrorKeys);

    /// <summary>The charm's metadata files, read.</summary>
    public const string Metadata = nameof(Metadata);

    /// <summary>Each consumer charm's endpoints checked against the metadata.</summary>
    public const string ConsumerMetadataDiagnostics = nameof(ConsumerMetadataDiagnostics);

    /// <summary>Each provider-only charm's endpoints checked against the metadata.</summary>
    public const string ProviderMetadataDiagnostics = nameof(ProviderMetadataDiagnostics);

    /// <summary>The config options of <c>charmcraft.yaml</c>, read, with what is wrong there.</summary>
    public const string ConfigOptions = nameof(ConfigOptions);

    /// <summary>Each consumer charm's typed config class (null without declared config).</summary>
    public const string ConsumerConfigClasses = nameof(ConsumerConfigClasses);

    /// <summary>Each provider-only charm's typed config class (null without declared config).</summary>
    public const string ProviderConfigClasses = nameof(ProviderConfigClasses);

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
        ConsumerDiagnostics,
        ProviderDiagnostics,
        OrphanMirrorKeys,
        Metadata,
        ConsumerMetadataDiagnostics,
        ProviderMetadataDiagnostics,
        ConfigOptions,
        ConsumerConfigClasses,
        ProviderConfigClasses,
    ];

    /// <summary>
    /// The steps whose values carry source locations (diagnostics, and the endpoints checked against the metadata): an
    /// edit in the charm's own file may rerun them (a location moved) while every other step stays unchanged.
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<string> Located { get; } =
    [
        ConsumerTransform,
        ProviderTransform,
        ConsumerDiagnostics,
        ProviderDiagnostics,
        OrphanMirrorKeys,
        ConsumerMetadataDiagnostics,
        ProviderMetadataDiagnostics,
    ];
}

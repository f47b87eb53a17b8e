using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>Every descriptor the analyzers report, in one place. Severities are defaults: each is configurable with
/// <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> in <c>.editorconfig</c>.</summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The repository the rule pages live in; each rule links to <c>docs/rules/&lt;ID&gt;.md</c> under it.</summary>
    public const string RepositoryUrl = "https://github.com/charm-tokendistributor/Charm.TokenDistributor";

    private const string RulePagePrefix = RepositoryUrl + "/blob/main/docs/rules/";

    private const string DatabagCategory = "Databag";
    private const string MirrorCategory = "Mirror";
    private const string HooksCategory = "Hooks";
    private const string AttributesCategory = "Attributes";
    private const string MetadataCategory = "Metadata";

    public static readonly DiagnosticDescriptor RemoteDatabagWrite = Create(
        RuleIdentifiers.RemoteDatabagWrite,
        "Do not write a remote databag",
        "The {0} databag is read only: Juju refuses a write to another unit's or application's databag",
        DatabagCategory,
        DiagnosticSeverity.Error,
        "A unit writes only its own unit databag and, as the leader, its own application databag. Writing a remote unit's or the remote application's databag fails the hook.");

    public static readonly DiagnosticDescriptor AppDatabagWriteWithoutLeadership = Create(
        RuleIdentifiers.AppDatabagWriteWithoutLeadership,
        "Write the application databag only as the leader",
        "The application databag is written where leadership is not established; check Unit.IsLeader first",
        DatabagCategory,
        DiagnosticSeverity.Warning,
        "Only the leader may write its application's databag. Guard the write with 'if (Unit.IsLeader)' or return early when the unit is not the leader.");

    public static readonly DiagnosticDescriptor AppDatabagReadWithoutLeadership = Create(
        RuleIdentifiers.AppDatabagReadWithoutLeadership,
        "Read the application databag only as the leader",
        "The application databag is read where leadership is not established; check Unit.IsLeader first (every unit may read it on a peer relation)",
        DatabagCategory,
        DiagnosticSeverity.Warning,
        "Only the leader may read its own application's databag, except on a peer relation, which cannot be known statically. Guard the read with Unit.IsLeader, or suppress the diagnostic for peer relations.");

    public static readonly DiagnosticDescriptor ReservedKeyWrite = Create(
        RuleIdentifiers.ReservedKeyWrite,
        "Do not write a key Juju fills itself",
        "'{0}' is filled by Juju into every unit databag; do not write it",
        DatabagCategory,
        DiagnosticSeverity.Warning,
        "Juju writes ingress-address, egress-subnets and private-address into each unit databag itself. A charm that writes them hides the values Juju maintains.");

    public static readonly DiagnosticDescriptor UseMirrorKeyAccessor = Create(
        RuleIdentifiers.UseMirrorKeyAccessor,
        "Use the generated mirror accessor",
        "'{0}' has a generated accessor: use '{1}' instead of building the key by hand",
        MirrorCategory,
        DiagnosticSeverity.Warning,
        "A [MirrorKey] property gives a typed accessor to a mirrored value. A hand-built 'mirror-' key duplicates the key, bypasses corroboration across the mirrors, and breaks silently when the key is renamed.");

    public static readonly DiagnosticDescriptor HandBuiltMirrorKey = Create(
        RuleIdentifiers.HandBuiltMirrorKey,
        "Do not build mirror keys by hand",
        "The databag key '{0}' is built by hand; declare a [MirrorKey] property or use the library's mirror API",
        MirrorCategory,
        DiagnosticSeverity.Info,
        "Keys starting with 'mirror-' belong to the token distributor protocol. Declare a [MirrorKey] property for an extra mirrored value and use the generated cluster surface for tokens.");

    public static readonly DiagnosticDescriptor MirrorValueLeak = Create(
        RuleIdentifiers.MirrorValueLeak,
        "Do not let a mirrored value reach a log, an exception or a status",
        "A value read from the mirror (a join token) reaches {0}",
        MirrorCategory,
        DiagnosticSeverity.Error,
        "Mirrored values are join tokens: secrets that admit a machine to the cluster. Juju logs, exception messages and statuses are visible to every model user; log a fingerprint or the host name instead.");

    public static readonly DiagnosticDescriptor BlockingCallInHook = Create(
        RuleIdentifiers.BlockingCallInHook,
        "Do not block in a hook handler",
        "'{0}' blocks the hook {1}; defer the event or bound the wait",
        HooksCategory,
        DiagnosticSeverity.Warning,
        "A hook holds the unit's hook lock: while it sleeps or waits without bound, no other hook of the unit runs and the model cannot make progress. Defer the event and let Juju re-run it, or pass a timeout.");

    public static readonly DiagnosticDescriptor UnboundedLoopInHook = Create(
        RuleIdentifiers.UnboundedLoopInHook,
        "Do not loop forever in a hook handler",
        "This loop has no break, return or throw: the hook never ends",
        HooksCategory,
        DiagnosticSeverity.Warning,
        "A hook must end for the unit to make progress. Give the loop a bound, or defer the event and let Juju re-run it.");

    public static readonly DiagnosticDescriptor UnwiredOnHandler = Create(
        RuleIdentifiers.UnwiredOnHandler,
        "Put [On] on a handler the generator can wire",
        "[On] on '{0}' is ignored: {1}",
        HooksCategory,
        DiagnosticSeverity.Error,
        "The source generator wires [On] handlers at compile time, only on ordinary void methods taking the event (or nothing) of a class carrying a token distributor attribute. Any other [On] is never called.");

    public static readonly DiagnosticDescriptor CharmClassMustBePartial = Create(
        RuleIdentifiers.CharmClassMustBePartial,
        "Make the charm class partial",
        "'{0}' must be partial (with every type it is nested in) for the token distributor generator to extend it",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The source generator adds the hook wiring, the typed events and the mirror accessors to the class in a second partial declaration.");

    public static readonly DiagnosticDescriptor CharmClassMustDeriveFromCharmBase = Create(
        RuleIdentifiers.CharmClassMustDeriveFromCharmBase,
        "Derive the charm class from CharmBase",
        "'{0}' carries [{1}] but does not derive from Charm.Framework.CharmBase",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The generated code observes events through CharmBase.Framework and reads the model through CharmBase.Model.");

    public static readonly DiagnosticDescriptor EmptyRelationName = Create(
        RuleIdentifiers.EmptyRelationName,
        "Name the relation",
        "[{0}] needs a relation endpoint name, not an empty one",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The relation argument is the endpoint name from charmcraft.yaml, e.g. \"cluster\".");

    public static readonly DiagnosticDescriptor EmptyConsumerCommand = Create(
        RuleIdentifiers.EmptyConsumerCommand,
        "Give the cluster command",
        "[TokenDistributorConsumer(\"{0}\", …)] {1}",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The consumer runs the cluster CLI to bootstrap, join and issue tokens: give it one word per argument, e.g. \"microovn\", \"cluster\".");

    public static readonly DiagnosticDescriptor RelationClaimedTwice = Create(
        RuleIdentifiers.RelationClaimedTwice,
        "Claim a relation once",
        "The relation '{0}' is already claimed by another [{1}] on '{2}'",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "Each relation endpoint is wired once; a second attribute for the same endpoint would observe every hook twice.");

    public static readonly DiagnosticDescriptor ConsumerAndProviderOnSameRelation = Create(
        RuleIdentifiers.ConsumerAndProviderOnSameRelation,
        "Do not consume and provide the same relation",
        "The relation '{0}' is both consumed and provided on '{1}'",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "An endpoint is either 'requires' (consumer) or 'provides' (provider) in the charm's metadata, never both.");

    public static readonly DiagnosticDescriptor GenericCharmClass = Create(
        RuleIdentifiers.GenericCharmClass,
        "Do not make the charm class generic",
        "'{0}' is generic; the token distributor generator does not support generic charm classes",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The generated entry point constructs the charm; a generic class has no single type to construct.");

    public static readonly DiagnosticDescriptor ConstructorMustInitialize = Create(
        RuleIdentifiers.ConstructorMustInitialize,
        "Call the generated initialisation from the constructor",
        "This constructor of '{0}' does not call {1}(); the token distributor never observes its hooks",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The generator creates the consumer or provider and wires its hooks in a generated method. A constructor written by hand must call it.");

    public static readonly DiagnosticDescriptor PrimaryConstructorCharm = Create(
        RuleIdentifiers.PrimaryConstructorCharm,
        "Do not give a token distributor charm a primary constructor",
        "'{0}' declares a primary constructor, which cannot call {1}(); the token distributor never observes its hooks",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The generated initialisation must run after the CharmBase constructor, from a constructor body. A primary constructor has none, and it stops the generator from adding its own constructor.");

    public static readonly DiagnosticDescriptor FileLocalCharm = Create(
        RuleIdentifiers.FileLocalCharm,
        "Do not make a token distributor charm file-local",
        "'{0}' is file-local; the generator cannot extend it from its own file, so the token distributor never observes its hooks",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The generator completes the charm in a partial declaration in a generated file, which cannot name a file-local type.");

    public static readonly DiagnosticDescriptor InvalidMirrorKeyProperty = Create(
        RuleIdentifiers.InvalidMirrorKeyProperty,
        "Declare a mirror key as a partial string property",
        "[MirrorKey] property '{0}' {1}",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "The generator implements a [MirrorKey] property as 'partial string? Name { get; set; }' on an instance of a class with [TokenDistributorConsumer].");

    public static readonly DiagnosticDescriptor InvalidMirrorKey = Create(
        RuleIdentifiers.InvalidMirrorKey,
        "Give a valid mirror key",
        "[MirrorKey(\"{0}\")] {1}",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "A mirror key is the part after 'mirror-': non-empty, with no white space or '=', and declared once per relation.");

    public static readonly DiagnosticDescriptor MirrorKeyRelationMismatch = Create(
        RuleIdentifiers.MirrorKeyRelationMismatch,
        "Match the mirror key to one consumer relation",
        "[MirrorKey] property '{0}' {1}",
        AttributesCategory,
        DiagnosticSeverity.Error,
        "A mirrored value travels on one consumer relation: set MirrorKey.Relation when the class consumes several, to one of them.");

    public static readonly DiagnosticDescriptor RelationNotDeclared = Create(
        RuleIdentifiers.RelationNotDeclared,
        "Declare the relation in the charm's metadata",
        "The relation '{0}' is not declared in {1}; add it under '{2}' with its interface",
        MetadataCategory,
        DiagnosticSeverity.Error,
        "Juju runs hooks only for endpoints declared in charmcraft.yaml (or metadata.yaml); an undeclared endpoint never relates.");

    public static readonly DiagnosticDescriptor RelationDeclaredWithWrongRole = Create(
        RuleIdentifiers.RelationDeclaredWithWrongRole,
        "Declare the relation with the role the attribute plays",
        "The relation '{0}' is declared under '{1}' in {2}, but [{3}] needs it under '{4}'",
        MetadataCategory,
        DiagnosticSeverity.Error,
        "A token distributor consumer requires its endpoint; the distributor provides it.");

    public static readonly DiagnosticDescriptor RelationWithoutInterface = Create(
        RuleIdentifiers.RelationWithoutInterface,
        "Give the relation an interface",
        "The relation '{0}' is declared in {1} without an interface",
        MetadataCategory,
        DiagnosticSeverity.Warning,
        "Charmcraft refuses an endpoint without an interface, and Juju relates endpoints by interface.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description)
        => new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, helpLinkUri: RulePagePrefix + id + ".md");
}

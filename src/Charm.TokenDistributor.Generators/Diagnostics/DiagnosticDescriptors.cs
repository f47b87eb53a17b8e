using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Diagnostics;

/// <summary>
/// Every descriptor the analyzers and the generator report, in one place. A message says what is wrong and what to do;
/// the description is the rule's page (see <see cref="RulePages"/>), so an IDE shows the whole rule without a network.
/// Severities are defaults: each is configurable with <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> in <c>.editorconfig</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
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
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AppDatabagWriteWithoutLeadership = Create(
        RuleIdentifiers.AppDatabagWriteWithoutLeadership,
        "Write the application databag only as the leader",
        "The application databag is written where leadership is not established; check Unit.IsLeader first",
        DatabagCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AppDatabagReadWithoutLeadership = Create(
        RuleIdentifiers.AppDatabagReadWithoutLeadership,
        "Read the application databag only as the leader",
        "The application databag is read where leadership is not established; check Unit.IsLeader first (every unit may read it on a peer relation)",
        DatabagCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReservedKeyWrite = Create(
        RuleIdentifiers.ReservedKeyWrite,
        "Do not write a key Juju fills itself",
        "'{0}' is filled by Juju into every unit databag; do not write it",
        DatabagCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UseMirrorKeyAccessor = Create(
        RuleIdentifiers.UseMirrorKeyAccessor,
        "Use the generated mirror accessor",
        "'{0}' has a generated accessor: use '{1}' instead of building the key by hand",
        MirrorCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HandBuiltMirrorKey = Create(
        RuleIdentifiers.HandBuiltMirrorKey,
        "Do not build mirror keys by hand",
        "The databag key '{0}' is built by hand; declare a [MirrorKey] property or use the library's mirror API",
        MirrorCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor MirrorKeyByHand = Create(
        RuleIdentifiers.MirrorKeyByHand,
        "Use the generated mirror accessor, by hand",
        "'{0}' has a generated accessor '{1}', which cannot replace this access as it stands: {2}; use '{1}' where that is what you mean",
        MirrorCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MirrorValueLeak = Create(
        RuleIdentifiers.MirrorValueLeak,
        "Do not let a mirrored value reach a log, an exception or a status",
        "A value read from the mirror (a join token) reaches {0}",
        MirrorCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor BlockingCallInHook = Create(
        RuleIdentifiers.BlockingCallInHook,
        "Do not block in a hook handler",
        "'{0}' blocks the hook {1}; defer the event or bound the wait",
        HooksCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnboundedLoopInHook = Create(
        RuleIdentifiers.UnboundedLoopInHook,
        "Do not loop forever in a hook handler",
        "This loop has no break, return or throw: the hook never ends",
        HooksCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnwiredOnHandler = Create(
        RuleIdentifiers.UnwiredOnHandler,
        "Put [On] on a handler the generator can wire",
        "[On] on '{0}' is ignored: {1}",
        HooksCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SharedEventHandlers = Create(
        RuleIdentifiers.SharedEventHandlers,
        "Observe each event with one [On] handler",
        "'{0}' and '{1}' both observe {2}: each one's deferred events are kept under an id that names the method, so renaming either drops what a unit deferred for it; handle {2} in one method to get an id that survives renames",
        HooksCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CharmClassMustBePartial = Create(
        RuleIdentifiers.CharmClassMustBePartial,
        "Make the charm class partial",
        "'{0}' must be partial, with every type it is nested in, for the token distributor generator to complete it: add 'partial' to its declarations (or run 'dotnet format analyzers --diagnostics CTD4001')",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CharmClassMustDeriveFromCharmBase = Create(
        RuleIdentifiers.CharmClassMustDeriveFromCharmBase,
        "Derive the charm class from CharmBase",
        "'{0}' carries [{1}] but is not a class deriving from Charm.Framework.CharmBase, so nothing is generated for it: derive it from CharmBase, or remove the attribute",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EmptyRelationName = Create(
        RuleIdentifiers.EmptyRelationName,
        "Name the relation",
        "[{0}] {1}",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EmptyConsumerCommand = Create(
        RuleIdentifiers.EmptyConsumerCommand,
        "Give the cluster command",
        "[TokenDistributorConsumer(\"{0}\", …)] {1}",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RelationClaimedTwice = Create(
        RuleIdentifiers.RelationClaimedTwice,
        "Claim a relation once",
        "The relation '{0}' is already claimed by another [{1}] on '{2}'; remove one of the attributes",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConsumerAndProviderOnSameRelation = Create(
        RuleIdentifiers.ConsumerAndProviderOnSameRelation,
        "Do not consume and provide the same relation",
        "The relation '{0}' is both consumed and provided on '{1}'; an endpoint is either required (consumer) or provided (distributor): remove one attribute",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericCharmClass = Create(
        RuleIdentifiers.GenericCharmClass,
        "Do not make the charm class generic",
        "'{0}' is generic, or nested in a generic type; the token distributor generator completes only non-generic charm classes: remove the type parameters",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConstructorMustInitialize = Create(
        RuleIdentifiers.ConstructorMustInitialize,
        "Call the generated initialisation from the constructor",
        "This constructor of '{0}' does not call {1}(); the token distributor never observes its hooks: call it first thing (or run 'dotnet format analyzers --diagnostics CTD4008')",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor PrimaryConstructorCharm = Create(
        RuleIdentifiers.PrimaryConstructorCharm,
        "Do not give a token distributor charm a primary constructor",
        "'{0}' declares a primary constructor, which cannot call {1}(); the token distributor never observes its hooks: remove it and let the generator add the constructor, or write a constructor that calls {1}()",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor FileLocalCharm = Create(
        RuleIdentifiers.FileLocalCharm,
        "Do not make a token distributor charm file-local",
        "'{0}' is file-local; the generator cannot extend it from its own file, so the token distributor never observes its hooks: make it internal or public",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMirrorKeyProperty = Create(
        RuleIdentifiers.InvalidMirrorKeyProperty,
        "Declare a mirror key as a partial string property",
        "[MirrorKey] property '{0}' {1}",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMirrorKey = Create(
        RuleIdentifiers.InvalidMirrorKey,
        "Give a valid mirror key",
        "[MirrorKey(\"{0}\")] {1}",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MirrorKeyRelationMismatch = Create(
        RuleIdentifiers.MirrorKeyRelationMismatch,
        "Match the mirror key to one consumer relation",
        "[MirrorKey] property '{0}' {1}",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HookMethodMismatch = Create(
        RuleIdentifiers.HookMethodMismatch,
        "Implement a generated hook by its exact name and signature",
        "'{0}' {1}",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GeneratedMemberNameTaken = Create(
        RuleIdentifiers.GeneratedMemberNameTaken,
        "Leave the generated members' names to the generator",
        "'{0}' declares '{1}', the name of {2}; rename the member",
        AttributesCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RelationNotDeclared = Create(
        RuleIdentifiers.RelationNotDeclared,
        "Declare the relation in the charm's metadata",
        "The relation '{0}' is not declared in {1}; add it under '{2}' with its interface",
        MetadataCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RelationDeclaredWithWrongRole = Create(
        RuleIdentifiers.RelationDeclaredWithWrongRole,
        "Declare the relation with the role the attribute plays",
        "The relation '{0}' is declared under '{1}' in {2}, but [{3}] needs it under '{4}': move it there",
        MetadataCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RelationWithoutInterface = Create(
        RuleIdentifiers.RelationWithoutInterface,
        "Give the relation an interface",
        "The relation '{0}' is declared in {1} without an interface; add 'interface: " + TokenDistributorInterface + "'",
        MetadataCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HandlerEndpointNotDeclared = Create(
        RuleIdentifiers.HandlerEndpointNotDeclared,
        "Observe an endpoint the charm declares",
        "[On] on '{0}' observes the endpoint '{1}', which {2} does not declare{3}; its hook never fires",
        MetadataCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongTokenDistributorInterface = Create(
        RuleIdentifiers.WrongTokenDistributorInterface,
        "Relate the token distributor over the worker-cluster interface",
        "The relation '{0}' has the interface '{1}' in {2}, but the token distributor relates over '" + TokenDistributorInterface + "': 'juju integrate' cannot relate the two; set 'interface: " + TokenDistributorInterface + "'",
        MetadataCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HandlerActionNotDeclared = Create(
        RuleIdentifiers.HandlerActionNotDeclared,
        "Observe an action the charm declares",
        "[On] on '{0}' observes the action '{1}', which charmcraft.yaml does not declare under 'actions'{2}; Juju refuses to run an undeclared action, so the handler never runs",
        MetadataCategory,
        DiagnosticSeverity.Error);

    /// <inheritdoc cref="RuleIdentifiers.ConfigOptionMalformed"/>
    public static readonly DiagnosticDescriptor ConfigOptionMalformed = Create(
        RuleIdentifiers.ConfigOptionMalformed,
        "Declare config options as charmcraft.yaml's schema has them",
        "Config option '{0}' in charmcraft.yaml: {1}; it gets no property in the typed config class until this is fixed",
        MetadataCategory,
        DiagnosticSeverity.Error);

    /// <inheritdoc cref="RuleIdentifiers.ConfigOptionWithoutProperty"/>
    public static readonly DiagnosticDescriptor ConfigOptionWithoutProperty = Create(
        RuleIdentifiers.ConfigOptionWithoutProperty,
        "Name config options so that each gets its own property",
        "Config option '{0}' gets no property in the typed config class: {1}; rename the option, or read it with Model.Config",
        MetadataCategory,
        DiagnosticSeverity.Warning);

    /// <inheritdoc cref="RuleIdentifiers.UndeclaredConfigKey"/>
    public static readonly DiagnosticDescriptor UndeclaredConfigKey = Create(
        RuleIdentifiers.UndeclaredConfigKey,
        "Read only config options the charm declares",
        "'{0}' is not a config option charmcraft.yaml declares under config.options{1}; config-get never has a value for it, so this read always gives the fallback",
        MetadataCategory,
        DiagnosticSeverity.Warning);

    /// <summary>
    /// The interface of the token distributor's endpoint: the Charmhub charm <c>microcluster-token-distributor</c> provides
    /// <c>microcluster-cluster</c> with this interface, and Juju relates two endpoints only when their interfaces match.
    /// </summary>
    public const string TokenDistributorInterface = "worker-cluster";

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity)
        => new(id, title, messageFormat, category, severity, isEnabledByDefault: true, RulePages.Text(id), RulePages.HelpLink(id));
}

namespace Charm.TokenDistributor.Generators.Diagnostics;

/// <summary>
/// Every rule ID the analyzers report, numbered by category: CTD1xxx databag safety, CTD2xxx mirror and tokens,
/// CTD3xxx hook handlers, CTD4xxx attribute use, CTD5xxx charm metadata. An ID is never reused for another meaning.
/// The generator reports every reason it leaves something out (CTD40xx, CTD5xxx), so they reach the build even when the
/// compiler stops before running analyzers; see <see cref="GeneratorDiagnostics"/>.
/// </summary>
internal static class RuleIdentifiers
{
    /// <summary>A remote unit's or remote application's databag is written.</summary>
    public const string RemoteDatabagWrite = "CTD1001";

    /// <summary>The application databag is written where leadership is not established.</summary>
    public const string AppDatabagWriteWithoutLeadership = "CTD1002";

    /// <summary>The application databag is read where leadership is not established.</summary>
    public const string AppDatabagReadWithoutLeadership = "CTD1003";

    /// <summary>A key Juju fills itself (<c>ingress-address</c>, <c>egress-subnets</c>, <c>private-address</c>) is written.</summary>
    public const string ReservedKeyWrite = "CTD1004";

    /// <summary>A hand-built <c>mirror-</c> key is used where a generated <c>[MirrorKey]</c> accessor replaces it with the same meaning (code fix).</summary>
    public const string UseMirrorKeyAccessor = "CTD2001";

    /// <summary>A <c>mirror-</c> key is built by hand.</summary>
    public const string HandBuiltMirrorKey = "CTD2002";

    /// <summary>A value read from the mirror (a join token) reaches a log, an exception message or a status.</summary>
    public const string MirrorValueLeak = "CTD2003";

    /// <summary>A hand-built <c>mirror-</c> key is used where an accessor exists but cannot replace the access as it stands (a read, a deletion, …).</summary>
    public const string MirrorKeyByHand = "CTD2004";

    /// <summary>A hook handler blocks: sleeps, or waits without a timeout.</summary>
    public const string BlockingCallInHook = "CTD3001";

    /// <summary>A hook handler loops forever: <c>while (true)</c> or <c>for (;;)</c> with no way out.</summary>
    public const string UnboundedLoopInHook = "CTD3002";

    /// <summary>An <c>[On]</c> attribute the generator ignores: outside an attributed class, or on a handler it cannot wire.</summary>
    public const string UnwiredOnHandler = "CTD3003";

    /// <summary>Several <c>[On]</c> handlers of one class observe the same event, so their observer ids name the methods.</summary>
    public const string SharedEventHandlers = "CTD3004";

    /// <summary>A class with a token distributor attribute is not <c>partial</c> (or is nested in a type that is not).</summary>
    public const string CharmClassMustBePartial = "CTD4001";

    /// <summary>A class with a token distributor attribute does not derive from <c>CharmBase</c>.</summary>
    public const string CharmClassMustDeriveFromCharmBase = "CTD4002";

    /// <summary>A token distributor attribute names an empty relation.</summary>
    public const string EmptyRelationName = "CTD4003";

    /// <summary>A consumer attribute has no cluster command, or an empty word in it.</summary>
    public const string EmptyConsumerCommand = "CTD4004";

    /// <summary>The same relation is claimed twice by attributes of the same kind on one class.</summary>
    public const string RelationClaimedTwice = "CTD4005";

    /// <summary>One relation is both consumed and provided on one class.</summary>
    public const string ConsumerAndProviderOnSameRelation = "CTD4006";

    /// <summary>A generic class carries a token distributor attribute.</summary>
    public const string GenericCharmClass = "CTD4007";

    /// <summary>A constructor of a token distributor charm does not call the generated initialisation method.</summary>
    public const string ConstructorMustInitialize = "CTD4008";

    /// <summary>A <c>[MirrorKey]</c> property does not have the shape the generator implements.</summary>
    public const string InvalidMirrorKeyProperty = "CTD4009";

    /// <summary>A <c>[MirrorKey]</c> key is empty, malformed, prefixed, or declared twice.</summary>
    public const string InvalidMirrorKey = "CTD4010";

    /// <summary>A <c>[MirrorKey]</c> property cannot be matched to exactly one consumer relation.</summary>
    public const string MirrorKeyRelationMismatch = "CTD4011";

    /// <summary>A class with a token distributor attribute declares a primary constructor, which cannot call the generated initialisation.</summary>
    public const string PrimaryConstructorCharm = "CTD4012";

    /// <summary>A class with a token distributor attribute is file-local, so the generated half cannot extend it.</summary>
    public const string FileLocalCharm = "CTD4013";

    /// <summary>A method looks like a generated partial hook (a near name, the right name with another signature, or no <c>partial</c>) but implements none.</summary>
    public const string HookMethodMismatch = "CTD4014";

    /// <summary>A member the charm declares has the name of a member the generator adds to the class.</summary>
    public const string GeneratedMemberNameTaken = "CTD4015";

    /// <summary>The attribute's relation is not declared in <c>charmcraft.yaml</c> / <c>metadata.yaml</c>.</summary>
    public const string RelationNotDeclared = "CTD5001";

    /// <summary>The attribute's relation is declared under the wrong role (<c>requires</c>/<c>provides</c>/<c>peers</c>).</summary>
    public const string RelationDeclaredWithWrongRole = "CTD5002";

    /// <summary>The attribute's relation is declared without an <c>interface</c>.</summary>
    public const string RelationWithoutInterface = "CTD5003";

    /// <summary>An <c>[On]</c> relation event names an endpoint the metadata does not declare.</summary>
    public const string HandlerEndpointNotDeclared = "CTD5004";

    /// <summary>A token distributor relation is declared with an interface other than <c>worker-cluster</c>.</summary>
    public const string WrongTokenDistributorInterface = "CTD5005";

    /// <summary>An <c>[On]</c> action names an action <c>charmcraft.yaml</c> does not declare.</summary>
    public const string HandlerActionNotDeclared = "CTD5006";

    /// <summary>A <c>config.options</c> entry of <c>charmcraft.yaml</c> is malformed (no or an unknown type, a default not of its type, declared twice).</summary>
    public const string ConfigOptionMalformed = "CTD5007";

    /// <summary>A config option gets no typed property: its name gives no identifier, or the same one as another option's.</summary>
    public const string ConfigOptionWithoutProperty = "CTD5008";

    /// <summary>Code reads a config key that <c>charmcraft.yaml</c> does not declare under <c>config.options</c>.</summary>
    public const string UndeclaredConfigKey = "CTD5009";
}

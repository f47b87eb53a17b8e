namespace Charm.TokenDistributor.Provider;

/// <summary>Choices for <see cref="TokenDistributorProvider"/>; the defaults are v0.8's behaviour.</summary>
public sealed record TokenDistributorProviderOptions
{
    /// <summary>
    /// Keeps the relations of the endpoint apart (docs/security.md, "Cross-application exposure"). Off by default: the
    /// mirror is merged across every relation and the merged mirror written to each, as v0.8 does, so several consumer
    /// applications form one shared cluster. On: each relation is handled as if it were the endpoint's only one. The
    /// distributor writes into a relation only the <c>mirror-&lt;host&gt;</c> keys of the hosts that relation's units
    /// publish, with values offered by that relation's communicator only; <c>cluster-host-units</c>, the bootstrap grant's
    /// keys and <c>cluster-renounced-tokens</c> hold that relation's hosts only; and <c>bootstrap-app</c> names that
    /// relation's own application, so each consumer application bootstraps and grows a cluster of its own. Keys another
    /// relation's hosts left in a databag (from before the option was on) are deleted in the next hook.
    /// </summary>
    public bool IsolateRelations { get; init; }
}

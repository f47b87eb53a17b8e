using Charm.Framework.Model;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The part of the leader's step that the merged endpoint and each isolated relation run alike, in this order: the mirror
/// (taking only what <see cref="Provenance"/> admits for the cluster bound before this step), the renounced relay, the
/// bootstrap grant and the cluster binding's relay.
/// </summary>
internal static class LeaderStep
{
    /// <summary>
    /// Runs the step on <paramref name="relations"/> for <paramref name="bootstrapApp"/>. The <paramref name="foreign"/>
    /// hosts (isolated relations: published on another relation only) are treated as pruned by the mirror and the grant.
    /// </summary>
    public static void MirrorAndGrant(IReadOnlyList<Relation> relations, PublishedHosts hosts, HashSet<string> pruned, string? bootstrapApp,
        BootstrapGrant grant, JujuLogger log, HashSet<string>? foreign = null)
    {
        var provenance = new Provenance(bootstrapApp, ClusterBinding.Expected(relations, bootstrapApp));
        var mirrored = MirrorCopy.Mirror(relations, hosts, pruned, log, provenance, foreign);
        RenouncedRelay.Write(relations, mirrored);
        var holderBefore = ClusterBinding.Holder(relations, bootstrapApp);
        grant.Manage(relations, bootstrapApp, foreign is { Count: > 0 } ? [.. pruned, .. foreign] : pruned, mirrored);
        ClusterBinding.Relay(relations, bootstrapApp, holderBefore, log);
    }
}

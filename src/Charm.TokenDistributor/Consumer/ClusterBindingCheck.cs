using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The consumer's side of the cluster-binding extension (docs/protocol.md, "The cluster-binding extension"): a member
/// publishes the fingerprint of its cluster's certificate; before <c>join</c> a unit checks the token's fingerprint
/// against the one the distributor relays, and it never bootstraps while one is relayed. Off (v0 behaviour) unless the
/// mirror (a distributor unit with <c>mirror=up</c>) lists <see cref="WireKeys.ClusterBinding"/>.
/// </summary>
internal static class ClusterBindingCheck
{
    /// <summary>Whether the binding is in use on <paramref name="relation"/>: a mirror lists the extension.</summary>
    public static bool InUse(Relation relation)
        => MirrorReader.Mirrors(relation).Any(u => Negotiation.Lists(relation.RemoteUnitData(u), WireKeys.ClusterBinding));

    /// <summary>
    /// The fingerprint the distributor relays, when the binding is in use and the value is well formed (64 lowercase hex
    /// digits; anything else counts as none); <see langword="null"/> otherwise.
    /// </summary>
    public static string? Relayed(Relation relation)
        => InUse(relation) && relation.RemoteAppData?[WireKeys.BoundFingerprintKey] is { } value && JoinTokens.IsClusterFingerprint(value)
            ? value
            : null;

    /// <summary>
    /// Why <paramref name="token"/> must not be used to join, or <see langword="null"/> when it may: under the binding, a
    /// token whose fingerprint is not the relayed one belongs to another cluster. <paramref name="wait"/> is set when the
    /// distributor has not relayed a fingerprint yet while it grants the bootstrap (a cluster is forming; its bootstrapper
    /// reports the fingerprint with the first token it mints): the unit waits and keeps the token.
    /// </summary>
    public static string? Refusal(Relation relation, string token, out bool wait)
    {
        wait = false;
        if (!InUse(relation))
        {
            return null;
        }

        var relayed = Relayed(relation);
        if (relayed is null)
        {
            wait = relation.RemoteAppData?[WireKeys.BootstrapUnitKey] is not null;
            return wait ? "the distributor has not relayed the cluster's certificate fingerprint yet" : null;
        }

        var carried = JoinTokens.ClusterFingerprintOf(token);
        if (carried == relayed)
        {
            return null;
        }

        return carried is null
            ? "the mirrored join token carries no cluster certificate fingerprint"
            : $"the mirrored join token is for another cluster (certificate fingerprint {LogText.Remote(carried[..16])}…, the distributor relays {relayed[..16]}…)";
    }

    /// <summary>
    /// Publishes, under the binding, the fingerprint this unit knows while it is a member (removed otherwise); with a
    /// distributor that does not speak the binding nothing is written.
    /// </summary>
    public static void Publish(Relation relation, ConsumerState state)
    {
        if (!InUse(relation))
        {
            return;
        }

        relation.LocalUnitData[WireKeys.ClusterFingerprintKey] = !state.InCluster ? null
            : state.ClusterFingerprint ?? (state.BootstrappedUnderBinding ? null : WireKeys.UnknownFingerprint);
    }
}

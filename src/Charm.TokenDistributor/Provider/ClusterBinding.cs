using Charm.Framework;
using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The distributor's side of the cluster-binding extension (docs/protocol.md, "The cluster-binding extension"): the
/// leader relays, in <see cref="WireKeys.BoundFingerprintKey"/> on every relation of the endpoint, the certificate
/// fingerprint of the bootstrapped cluster as its members report it (<see cref="WireKeys.ClusterFingerprintKey"/>).
/// Only units of this project report one, so with v0 consumers the key never appears.
/// </summary>
internal static class ClusterBinding
{
    /// <summary>The unit that bootstrapped (or may bootstrap) the cluster: the grant's holder, else the v0 guard's unit.</summary>
    public static string? Holder(IReadOnlyList<Relation> relations, string? bootstrapApp)
        => GrantRelation(relations, bootstrapApp) is { } relation
            ? relation.LocalAppData[WireKeys.BootstrapUnitKey] ?? relation.RemoteAppData?[WireKeys.BootstrappedByKey]
            : null;

    /// <summary>
    /// Writes the relayed fingerprint (<see cref="Decide"/>). When the grant moved away from <paramref name="holderBefore"/>
    /// in this step (a new cluster is to be formed), the old value goes first.
    /// </summary>
    public static void Relay(IReadOnlyList<Relation> relations, string? bootstrapApp, string? holderBefore, JujuLogger log)
    {
        if (GrantRelation(relations, bootstrapApp) is not { } relation)
        {
            return;
        }

        var relayed = Decide(relations, relation, bootstrapApp, holderBefore, log);
        foreach (var each in relations)
        {
            if (each.LocalAppData[WireKeys.BoundFingerprintKey] != relayed)
            {
                each.LocalAppData[WireKeys.BoundFingerprintKey] = relayed;
            }
        }
    }

    /// <summary>
    /// The fingerprint of the bootstrapped cluster as this step stands before the grant step: what <see cref="Relay"/>
    /// would relay if the grant stays where it is. The mirror step takes a token from a unit that speaks the binding only
    /// when it carries this fingerprint (<see cref="MirrorCopy"/>); <see langword="null"/> when no cluster is known.
    /// </summary>
    public static string? Expected(IReadOnlyList<Relation> relations, string? bootstrapApp)
        => GrantRelation(relations, bootstrapApp) is { } relation
            ? Decide(relations, relation, bootstrapApp, Holder(relations, bootstrapApp), log: null)
            : null;

    /// <summary>
    /// The value to relay: the holder's report while the holder is related and speaks the binding (the bootstrapper's is
    /// the first and outranks every other unit's); while such a holder reports none, the one relayed already (or none).
    /// While the holder is related but says it knows none (<see cref="WireKeys.UnknownFingerprint"/>: a member from before
    /// the extension) or does not speak the binding (a v0 bootstrapper during an upgrade): the one relayed already, else
    /// the value most reporting members agree on. Once the holder is gone with nothing relayed (it never minted a token,
    /// so its cluster had no other member and left with it), or with no holder at all (no grant was ever made and no unit
    /// bootstrapped by v0's rule: any cluster formed where this distributor did not see it), one unit that says it is a
    /// member must not name a cluster of its own: see <see cref="AgreedWithoutHolder"/>.
    /// </summary>
    private static string? Decide(IReadOnlyList<Relation> relations, Relation relation, string? bootstrapApp, string? holderBefore, JujuLogger? log)
    {
        var relayed = relations.OrderBy(r => r.Id.Number)
            .Select(r => r.LocalAppData[WireKeys.BoundFingerprintKey])
            .FirstOrDefault(JoinTokens.IsClusterFingerprint);
        var holder = Holder(relations, bootstrapApp);
        if (relayed is not null && holderBefore is not null && holder != holderBefore)
        {
            log?.Info($"the bootstrap grant moved from {LogText.Remote(holderBefore)}: no longer relaying the former cluster's fingerprint");
            relayed = null;
        }

        var reports = relation.Units
            .Select(u => (Unit: u, Fingerprint: Reported(relation.RemoteUnitData(u))))
            .Where(r => r.Fingerprint is not null)
            .ToList();
        var holderData = holder is not null && relation.Units.Contains(holder) ? relation.RemoteUnitData(holder) : null;
        if (holderData is not null && Negotiation.Lists(holderData, WireKeys.ClusterBinding)
            && holderData[WireKeys.ClusterFingerprintKey] != WireKeys.UnknownFingerprint)
        {
            if (reports.FirstOrDefault(r => r.Unit == holder).Fingerprint is { } own)
            {
                if (relayed is not null && relayed != own)
                {
                    log?.Warning($"relaying the fingerprint {own[..16]}… that the bootstrapper {LogText.Remote(holder)} reports instead of {relayed[..16]}…");
                }

                relayed = own;
            }
        }
        else if (relayed is null && reports.Count > 0)
        {
            var majority = Corroboration.Corroborate([.. reports.Select(r => r.Fingerprint!)], WireKeys.Empty);
            if (holderData is not null || AgreedWithoutHolder(relation, reports.Count(r => r.Fingerprint == majority), majority))
            {
                relayed = majority;
            }
        }

        return relayed;
    }

    /// <summary>
    /// With no holder related, whether <paramref name="fingerprint"/>, given by <paramref name="reporting"/> units, may be relayed:
    /// at least two units, more than half of the bootstrap application's units, give it; or at least two units say they are
    /// members and every one of them gives it or says it knows none (members from before the extension, which learn no
    /// fingerprint).
    /// </summary>
    private static bool AgreedWithoutHolder(Relation relation, int reporting, string fingerprint)
    {
        if (reporting >= 2 && 2 * reporting > relation.Units.Count)
        {
            // Two at least: a leader that sees one unit only (relation-joined comes one unit at a time) must not take that
            // unit's word for a majority. A cluster of one member gets a holder from its leader instead (NameBootstrapper).
            return true;
        }

        var claims = relation.Units.Select(relation.RemoteUnitData).Where(d => d[WireKeys.ClusterMemberKey] == WireKeys.Yes).ToList();
        return claims.Count >= 2
            && claims.All(d => d[WireKeys.ClusterFingerprintKey] is { } value && (value == fingerprint || value == WireKeys.UnknownFingerprint));
    }

    /// <summary>The fingerprint a consumer unit reports: a member that speaks the binding, with a well-formed value.</summary>
    private static string? Reported(Databag data)
        => Negotiation.Lists(data, WireKeys.ClusterBinding) && data[WireKeys.ClusterMemberKey] == WireKeys.Yes
            && data[WireKeys.ClusterFingerprintKey] is { } value && JoinTokens.IsClusterFingerprint(value)
            ? value
            : null;

    private static Relation? GrantRelation(IReadOnlyList<Relation> relations, string? bootstrapApp)
        => bootstrapApp is null ? null : relations.Where(r => r.RemoteApp == bootstrapApp).OrderBy(r => r.Id.Number).FirstOrDefault();
}

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
    /// Writes the relayed fingerprint: the holder's report while the holder is related (the bootstrapper's is the first
    /// and outranks every other unit's); while the holder is related and reports none, the one relayed already (or
    /// none); once the holder is gone, or says it knows none (<see cref="WireKeys.UnknownFingerprint"/>: a member from
    /// before the extension), the one relayed already, else the value most reporting members agree on. When the
    /// grant moved away from <paramref name="holderBefore"/> in this step (a new cluster is to be formed), the old value
    /// goes first.
    /// </summary>
    public static void Relay(IReadOnlyList<Relation> relations, string? bootstrapApp, string? holderBefore, JujuLogger log)
    {
        if (GrantRelation(relations, bootstrapApp) is not { } relation)
        {
            return;
        }

        var relayed = relations.OrderBy(r => r.Id.Number)
            .Select(r => r.LocalAppData[WireKeys.BoundFingerprintKey])
            .FirstOrDefault(JoinTokens.IsClusterFingerprint);
        var holder = Holder(relations, bootstrapApp);
        if (relayed is not null && holderBefore is not null && holder != holderBefore)
        {
            log.Info($"the bootstrap grant moved from {LogText.Remote(holderBefore)}: no longer relaying the former cluster's fingerprint");
            relayed = null;
        }

        var reports = relation.Units
            .Select(u => (Unit: u, Fingerprint: Reported(relation.RemoteUnitData(u))))
            .Where(r => r.Fingerprint is not null)
            .ToList();
        if (holder is not null && relation.Units.Contains(holder)
            && relation.RemoteUnitData(holder)[WireKeys.ClusterFingerprintKey] != WireKeys.UnknownFingerprint)
        {
            if (reports.FirstOrDefault(r => r.Unit == holder).Fingerprint is { } own)
            {
                if (relayed is not null && relayed != own)
                {
                    log.Warning($"relaying the fingerprint {own[..16]}… that the bootstrapper {LogText.Remote(holder)} reports instead of {relayed[..16]}…");
                }

                relayed = own;
            }
        }
        else if (relayed is null && reports.Count > 0)
        {
            relayed = Corroboration.Corroborate([.. reports.Select(r => r.Fingerprint!)], WireKeys.Empty);
        }

        foreach (var each in relations)
        {
            if (each.LocalAppData[WireKeys.BoundFingerprintKey] != relayed)
            {
                each.LocalAppData[WireKeys.BoundFingerprintKey] = relayed;
            }
        }
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

using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The bootstrap-grant extension on the distributor's leader, after the mirror step: records the fingerprint of every
/// join token now mirrored (in the same commit that publishes it), then keeps, adopts or moves the grant
/// (docs/architecture.md, "The bootstrap-grant extension"). Safety rests on two facts: a consumer unit becomes a member
/// only by bootstrapping under the grant or by joining with a token this unit mirrored (so recorded); and the grant moves
/// only when its holder was seen departing and no unit that may still be related can be a member (it says so, or holds a
/// joined marker, or has a recorded token it has not renounced).
/// </summary>
internal sealed class BootstrapGrant(JujuLogger log, DepartureWitness witness)
{
    /// <summary>How many fingerprints are recorded per host (the oldest go first).</summary>
    private const int FingerprintsPerHost = 8;

    /// <summary>Runs the grant step on the relation of <paramref name="bootstrapApp"/>; <paramref name="mirrored"/> is what the mirror holds now.</summary>
    public void Manage(IReadOnlyList<Relation> relations, string? bootstrapApp, HashSet<string> pruned, Dictionary<string, string> mirrored)
    {
        var grantRelation = relations.Where(r => r.RemoteApp == bootstrapApp).OrderBy(r => r.Id.Number).FirstOrDefault();
        if (grantRelation is null)
        {
            return;
        }

        var present = relations.SelectMany(r => r.Units.Select(u => new Present(r.RemoteUnitData(u), r == grantRelation))).ToList();
        var appData = grantRelation.LocalAppData;
        var speaking = present.Count(p => Negotiation.Lists(p.Data, WireKeys.BootstrapGrant));
        if (speaking == 0 && appData[WireKeys.BootstrapUnitKey] is null && appData[WireKeys.TokenFingerprintsKey] is null)
        {
            // Only v0 consumers (or none yet): they see exactly the v0 protocol.
            return;
        }

        if (!RecordCodec.TryReadFingerprints(appData[WireKeys.TokenFingerprintsKey], out var record))
        {
            // Never decide on a record that cannot be read: without it a member could look like a stranger.
            log.Warning($"not managing the bootstrap grant: {WireKeys.TokenFingerprintsKey} is unreadable");
            return;
        }

        RecordFingerprints(record, mirrored, pruned);
        appData[WireKeys.TokenFingerprintsKey] = RecordCodec.WriteFingerprints(record);
        if (speaking < present.Count)
        {
            // A related unit that does not speak the extension (or has not published yet) might bootstrap by the v0 rule or
            // be a member this unit cannot judge: no grant decision while it is there.
            return;
        }

        Decide(grantRelation, present, record, mirrored);
    }

    /// <summary>The fingerprint of every token mirrored now is recorded for its host; the records of pruned hosts go.</summary>
    private static void RecordFingerprints(Dictionary<string, string[]> record, Dictionary<string, string> mirrored, HashSet<string> pruned)
    {
        foreach (var (host, value) in mirrored)
        {
            if (JoinTokens.LooksLikeToken(value) && RecordCodec.CanWrite(host))
            {
                var fingerprint = JoinTokens.Fingerprint(value);
                var held = record.TryGetValue(host, out var list) ? list : [];
                record[host] = [.. held.Where(f => f != fingerprint).Append(fingerprint).TakeLast(FingerprintsPerHost)];
            }
        }

        foreach (var host in pruned)
        {
            record.Remove(host);
        }
    }

    /// <summary>Adopts a v0 bootstrap, keeps a grant whose holder was not seen leaving, or grants (again) when no unit can be a member.</summary>
    private void Decide(Relation grantRelation, List<Present> present, Dictionary<string, string[]> record, Dictionary<string, string> mirrored)
    {
        var appData = grantRelation.LocalAppData;
        var grantee = appData[WireKeys.BootstrapUnitKey];
        if (grantee is null && grantRelation.RemoteAppData?[WireKeys.BootstrappedByKey] is { Length: > 0 } recorded)
        {
            // The consumer bootstrapped under v0 (before the extension was in use): that unit holds the grant.
            log.Info($"the bootstrap grant goes to {LogText.Remote(recorded)}, which bootstrapped the cluster before");
            appData[WireKeys.BootstrapUnitKey] = recorded;
            return;
        }

        if ((grantee is not null && !witness.SawDepart(grantee)) || AnyMayBeMember(present, record, mirrored))
        {
            return;
        }

        var candidate = grantRelation.Units.Order(UnitName.TextOrder).FirstOrDefault();
        if (candidate is null)
        {
            return;
        }

        log.Info(grantee is null
            ? $"granting the cluster bootstrap to {candidate}"
            : $"granting the cluster bootstrap to {candidate}: {grantee} departed and no related unit can be a cluster member");
        appData[WireKeys.BootstrapUnitKey] = candidate;
    }

    /// <summary>
    /// Whether a related unit may be a cluster member, or a token or joined marker is held for a host of no unit this unit
    /// sees (that unit may be related and a member, unseen yet). A unit of another application counts only by what this
    /// unit mirrored for its host: this distributor hands no application a token for another's hosts (docs/security.md),
    /// so such a unit's word that it is a member is no member of the bootstrap application's cluster.
    /// </summary>
    private static bool AnyMayBeMember(List<Present> present, Dictionary<string, string[]> record, Dictionary<string, string> mirrored)
    {
        var presentHosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (data, ofBootstrapApp) in present)
        {
            var host = data[WireKeys.HostnameKey];
            if (host is not null)
            {
                presentHosts.Add(host);
            }

            if (MayBeMember(data, host, record, mirrored, ofBootstrapApp))
            {
                return true;
            }
        }

        return record.Keys.Any(h => !presentHosts.Contains(h))
            || mirrored.Any(p => p.Value == WireKeys.JoinedMarker && !presentHosts.Contains(p.Key));
    }

    /// <summary>A unit of the bootstrap application says it is a member, the mirror holds the joined marker for its host, or it has a recorded token it did not renounce.</summary>
    private static bool MayBeMember(Databag data, string? host, Dictionary<string, string[]> record, Dictionary<string, string> mirrored, bool ofBootstrapApp)
    {
        if (ofBootstrapApp && data[WireKeys.ClusterMemberKey] == WireKeys.Yes)
        {
            return true;
        }

        if (host is null)
        {
            return false;
        }

        if (mirrored.GetValueOrDefault(host) == WireKeys.JoinedMarker)
        {
            return true;
        }

        if (!record.TryGetValue(host, out var fingerprints))
        {
            return false;
        }

        var renounced = (data[WireKeys.RenouncedTokensKey] ?? "").Split(',').ToHashSet(StringComparer.Ordinal);
        return fingerprints.Any(f => !renounced.Contains(f));
    }

    /// <summary>A related unit's databag, and whether the unit is of the bootstrap application.</summary>
    private readonly record struct Present(Databag Data, bool OfBootstrapApp);
}

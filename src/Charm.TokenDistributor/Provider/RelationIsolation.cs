using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The distributor's steps with <see cref="TokenDistributorProviderOptions.IsolateRelations"/> on: every relation of the
/// endpoint is handled on its own, as the only relation of an endpoint would be, so nothing one consumer application
/// publishes or is given is written where another application reads it (docs/security.md, "Cross-application
/// exposure"). A host published on another relation and not on this one is "foreign" here: its key is never copied in
/// and is deleted where it is held (left from before the option was on).
/// </summary>
internal sealed class RelationIsolation(JujuLogger log, HostLedger ledger, BootstrapGrant grant)
{
    /// <summary>
    /// The leader's step, relation by relation: the host record, the mirror, the renounced relay, the bootstrap grant and the
    /// cluster binding each from that relation's units only, and <c>bootstrap-app</c> naming that relation's application.
    /// <paramref name="all"/> are the hosts published on every relation; <paramref name="witnessedHosts"/> the hosts this
    /// unit saw depart that no relation publishes now.
    /// </summary>
    public void Lead(IReadOnlyList<Relation> relations, PublishedHosts all, HashSet<string> witnessedHosts, DepartureWitness witness)
    {
        foreach (var relation in relations)
        {
            IReadOnlyList<Relation> only = [relation];
            var hosts = PublishedHosts.Read(only, log: null);
            var foreign = Foreign(all, hosts);
            KeepOwnHostUnits(relation, foreign);
            var pruned = ledger.Update(only, hosts, witnessedHosts, witness);
            var app = relation.RemoteApp;
            if (app is not null && relation.LocalAppData[WireKeys.BootstrapAppKey] != app)
            {
                // v0.8's consumer bootstraps only when bootstrap-app names its own application: each forms its own cluster.
                relation.LocalAppData[WireKeys.BootstrapAppKey] = app;
            }

            // The grant's fingerprint record drops foreign hosts as it drops pruned ones; each relation's cluster binding is
            // that relation's bootstrapper's, relayed on that relation only.
            LeaderStep.MirrorAndGrant(only, hosts, pruned, app, grant, log, foreign);
        }
    }

    /// <summary>
    /// A non-leader, after <see cref="MirrorCopy.TakeDown"/>: the foreign keys it kept from when it mirrored (before the
    /// option was on) are deleted, since every unit of the remote application can read a unit databag, mirror up or down.
    /// </summary>
    public void TakeDown(IReadOnlyList<Relation> relations, PublishedHosts all)
    {
        foreach (var relation in relations)
        {
            var own = relation.LocalUnitData;
            foreach (var host in Foreign(all, PublishedHosts.Read([relation], log: null)))
            {
                var key = WireKeys.MirrorKeyOf(host);
                if (own.ContainsKey(key))
                {
                    log.Info($"removed {LogText.Remote(key)} from relation {relation.Id.Number}: relations are isolated and only another relation's units publish {LogText.Remote(host)}");
                    own.Remove(key);
                }
            }
        }
    }

    /// <summary>The hosts published on some relation (<paramref name="all"/>) but not on this one (<paramref name="here"/>).</summary>
    private static HashSet<string> Foreign(PublishedHosts all, PublishedHosts here)
        => all.Publishers.Keys.Where(h => !here.Publishers.ContainsKey(h)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Deletes from this relation's <c>cluster-host-units</c> the entries of foreign hosts and of units of another
    /// application (the merged record written before the option was on), before the record is updated from this
    /// relation's units. An unreadable record is left for <see cref="HostLedger"/>, which reports and rewrites it.
    /// </summary>
    private static void KeepOwnHostUnits(Relation relation, HashSet<string> foreign)
    {
        var text = relation.LocalAppData[WireKeys.HostUnitsKey];
        if (text is null || !RecordCodec.TryReadHostUnits(text, out var record))
        {
            return;
        }

        var prefix = relation.RemoteApp + "/";
        var others = record.Where(e => foreign.Contains(e.Key) || (e.Value.Length > 0 && relation.RemoteApp is not null && !e.Value.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(e => e.Key)
            .ToList();
        if (others.Count == 0)
        {
            return;
        }

        foreach (var host in others)
        {
            record.Remove(host);
        }

        relation.LocalAppData[WireKeys.HostUnitsKey] = RecordCodec.WriteHostUnits(record);
    }
}

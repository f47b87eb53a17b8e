using Charm.Framework.Model;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The leader's record of which consumer unit publishes each mirrored host (<see cref="WireKeys.HostUnitsKey"/>, in the
/// distributor's application databag, so it outlives any one distributor unit and its stored state), and the decision
/// which hosts to prune (docs/architecture.md, "Pruning departed hosts").
/// </summary>
internal sealed class HostLedger(JujuLogger log)
{
    /// <summary>
    /// Reads the record, decides the hosts whose <c>mirror-&lt;host&gt;</c> keys the leader prunes, and writes the record
    /// back on every relation; returns the pruned hosts. A host is pruned when no related unit publishes it and a
    /// distributor unit saw the unit that last published it depart: a tombstone (<c>""</c>) in the record, or a departure
    /// <paramref name="witness"/> saw of the unit the record names; a host the record does not name (from before the
    /// record) only on <paramref name="witnessedHosts"/>. A host whose unit this unit merely does not see (yet) is never
    /// pruned: <c>relation-list</c> grows one <c>relation-joined</c> at a time.
    /// </summary>
    public HashSet<string> Update(IReadOnlyList<Relation> relations, PublishedHosts hosts, HashSet<string> witnessedHosts, DepartureWitness witness)
    {
        var ledger = Read(relations);
        var witnessedUnits = witness.DepartedUnits();
        var pruned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (host, unit) in ledger)
        {
            if (!hosts.Publishers.ContainsKey(host) && (unit.Length == 0 || witnessedUnits.Contains(unit)))
            {
                pruned.Add(host);
            }
        }

        pruned.UnionWith(witnessedHosts.Where(h => !ledger.ContainsKey(h)));
        Write(relations, ledger, hosts, pruned);
        return pruned;
    }

    /// <summary>
    /// The record as the leaders before this one wrote it, merged over the relations (the lowest relation id wins a
    /// conflict); an unreadable value is logged and ignored (it is written again from what this unit sees).
    /// </summary>
    private Dictionary<string, string> Read(IReadOnlyList<Relation> relations)
    {
        var ledger = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relation in relations.OrderBy(r => r.Id.Number))
        {
            if (!RecordCodec.TryReadHostUnits(relation.LocalAppData[WireKeys.HostUnitsKey], out var entries))
            {
                log.Warning($"ignoring {WireKeys.HostUnitsKey} of relation {relation.Id.Number}: it is not a JSON object of strings; it is written again from what this unit sees");
                continue;
            }

            foreach (var (host, unit) in entries)
            {
                ledger.TryAdd(host, unit);
            }
        }

        return ledger;
    }

    /// <summary>
    /// Each published host with the unit publishing it (kept while that unit still publishes it), a tombstone for each
    /// pruned host kept while some related unit still holds its <c>mirror-&lt;host&gt;</c> key (a seed communicator never
    /// drops it), other entries unchanged; written on every relation.
    /// </summary>
    private static void Write(IReadOnlyList<Relation> relations, Dictionary<string, string> ledger, PublishedHosts hosts, HashSet<string> pruned)
    {
        foreach (var host in hosts.Mirrorable)
        {
            var units = hosts.Publishers[host];
            if (!ledger.TryGetValue(host, out var unit) || !units.Contains(unit))
            {
                ledger[host] = units[0];
            }
        }

        foreach (var host in pruned)
        {
            var key = WireKeys.MirrorKeyOf(host);
            if (relations.Any(r => r.Units.Any(u => r.RemoteUnitData(u).ContainsKey(key))))
            {
                ledger[host] = "";
            }
            else
            {
                ledger.Remove(host);
            }
        }

        var text = RecordCodec.WriteHostUnits(ledger);
        foreach (var relation in relations)
        {
            relation.LocalAppData[WireKeys.HostUnitsKey] = text;
        }
    }
}

using Charm.Framework.Events;
using Charm.Framework.State;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// What this distributor unit saw leave, in its stored state: the consumer units it saw in <c>relation-departed</c>,
/// and the hosts they published. Only a departure witnessed by some distributor unit lets a leader prune a host or move
/// the bootstrap grant: a unit missing from <c>relation-list</c> may merely not have joined from this unit's point of
/// view yet (docs/protocol.md, "Hazards and what we do instead").
/// </summary>
internal sealed class DepartureWitness(StoredState stored)
{
    private const string HostsKey = "departed-hosts";
    private const string UnitsKey = "departed-units";

    /// <summary>How many departed units, and hosts, are remembered (the oldest go first).</summary>
    private const int Kept = 256;

    /// <summary>Records the unit departing in <paramref name="e"/> and the host it published.</summary>
    public void Witness(RelationDepartedEvent e)
    {
        if ((e.DepartingUnit ?? e.RemoteUnit) is not { } departing)
        {
            return;
        }

        Remember(UnitsKey, departing);
        if (e.Relation.RemoteUnitData(departing)[WireKeys.HostnameKey] is { } host)
        {
            // Every distributor unit remembers, so a future leader prunes too.
            Remember(HostsKey, host);
        }
    }

    /// <summary>Whether this unit saw <paramref name="unit"/> depart.</summary>
    public bool SawDepart(string unit) => stored.GetStringList(UnitsKey).Contains(unit);

    /// <summary>The units this unit saw depart.</summary>
    public HashSet<string> DepartedUnits() => stored.GetStringList(UnitsKey).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The hosts this unit saw depart that no related unit publishes now (<paramref name="published"/>); a host published
    /// again (a machine reused under the same name) leaves the record.
    /// </summary>
    public HashSet<string> DepartedHosts(IReadOnlySet<string> published)
    {
        var departed = stored.GetStringList(HostsKey).Where(h => !published.Contains(h)).ToHashSet(StringComparer.Ordinal);
        if (departed.Count == 0)
        {
            stored.Remove(HostsKey);
        }
        else
        {
            stored.Set(HostsKey, departed.Order(StringComparer.Ordinal).ToArray());
        }

        return departed;
    }

    private void Remember(string key, string item)
        => stored.Set(key, stored.GetStringList(key).Where(i => i != item).Append(item).TakeLast(Kept).ToArray());
}

using System.Collections.Immutable;
using Charm.Framework.Model;
using Charm.Framework.State;

namespace Charm.Testing;

/// <summary>
/// Everything a unit's hook sees, as an immutable value: the input of <see cref="Context.Run"/> and, changed by the
/// hook, its output.
/// </summary>
public sealed record State
{
    /// <summary>Whether this unit is the leader.</summary>
    public bool Leader { get; init; }

    /// <summary>The unit's relations.</summary>
    public ImmutableArray<RelationState> Relations { get; init; } = [];

    /// <summary>The charm config (<c>config-get</c>).</summary>
    public ImmutableSortedDictionary<string, ConfigValue> Config { get; init; } = ImmutableSortedDictionary.Create<string, ConfigValue>(StringComparer.Ordinal);

    /// <summary>The unit's workload status.</summary>
    public Status UnitStatus { get; init; } = Status.Unknown;

    /// <summary>The application status.</summary>
    public Status AppStatus { get; init; } = Status.Unknown;

    /// <summary>Stored state and the deferred-event queue, as the framework saves them between hooks.</summary>
    public StateSnapshot Stored { get; init; } = StateSnapshot.Empty;

    /// <summary>The controller-side key-value state (<c>state-get</c>/<c>state-set</c>).</summary>
    public ImmutableSortedDictionary<string, string> ControllerState { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The networks of bindings (<c>network-get</c>), by endpoint or extra-binding name. A declared endpoint missing here
    /// answers <see cref="InMemoryBackend.DefaultNetwork"/> at the unit's <see cref="InMemoryBackend.AgentAddress"/>; any
    /// other name fails as Juju does (<c>no network config found for binding</c>).
    /// </summary>
    public ImmutableSortedDictionary<string, Network> Networks { get; init; } = ImmutableSortedDictionary.Create<string, Network>(StringComparer.Ordinal);

    /// <summary>The ports the unit has open (<c>opened-ports</c>); a hook's <c>open-port</c>/<c>close-port</c> land here when it succeeds.</summary>
    public ImmutableArray<OpenedPort> OpenedPorts { get; init; } = [];

    /// <summary>The workload version last set (<c>application-version-set</c>); empty when none was.</summary>
    public string WorkloadVersion { get; init; } = "";

    /// <summary>How many units the application is planned to have (<c>goal-state</c>), this one included; default 1.</summary>
    public int PlannedUnits { get; init; } = 1;

    /// <summary>The secrets this unit owns or was granted (<c>secret-*</c>); a hook's changes land here when it succeeds.</summary>
    public ImmutableArray<SecretState> Secrets { get; init; } = [];

    /// <summary>The storage attached to the unit (<c>storage-list</c>, <c>storage-get</c>).</summary>
    public ImmutableArray<StorageState> Storages { get; init; } = [];

    /// <summary>A copy with <paramref name="storage"/> attached, or replacing the instance with the same id.</summary>
    public State WithStorage(StorageState storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var existing = Storages.FirstOrDefault(s => s.Id == storage.Id);
        return this with { Storages = existing is null ? Storages.Add(storage) : Storages.Replace(existing, storage) };
    }

    /// <summary>A copy with <paramref name="secret"/> added, or replacing the secret with the same id.</summary>
    public State WithSecret(SecretState secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var existing = Secrets.FirstOrDefault(s => s.Id == secret.Id);
        return this with { Secrets = existing is null ? Secrets.Add(secret) : Secrets.Replace(existing, secret) };
    }

    /// <summary>The secret with <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public SecretState GetSecret(string id)
        => Secrets.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"The state has no secret {id}; it has {(Secrets.IsEmpty ? "none" : string.Join(", ", Secrets.Select(s => s.Id)))}.");

    /// <summary>
    /// Whether <c>relation-get</c> of a unit databag answers the address keys Juju puts there when the unit enters the
    /// relation's scope (<c>ingress-address</c>, <c>private-address</c>, <c>egress-subnets</c>, at
    /// <see cref="InMemoryBackend.AgentAddress"/>; the state's own values win). Default <see langword="true"/>, as on a real
    /// model; <see cref="WithoutJujuAddressKeys"/> turns them off, for a test that wants a databag to hold exactly what it gives.
    /// </summary>
    public bool JujuAddressKeys { get; init; } = true;

    /// <summary>A copy in which unit databags hold only what the state and the hook put there (<see cref="JujuAddressKeys"/> off).</summary>
    public State WithoutJujuAddressKeys() => this with { JujuAddressKeys = false };

    /// <summary>The machine's node name the charm sees (<c>uname -n</c>).</summary>
    public string HostName { get; init; } = "juju-machine-0";

    /// <summary>The deferred events.</summary>
    public ImmutableArray<DeferredNotice> Deferred => Stored.Deferred;

    /// <summary>The relation with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public RelationState GetRelation(int id)
        => Relations.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"The state has no relation {id}; it has {string.Join(", ", Relations.Select(r => r.RelationId))}.");

    /// <summary>A copy with <paramref name="relation"/> added, or replacing the relation with the same id.</summary>
    public State WithRelation(RelationState relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var existing = Relations.FirstOrDefault(r => r.Id == relation.Id);
        return this with { Relations = existing is null ? Relations.Add(relation) : Relations.Replace(existing, relation) };
    }

    /// <summary>A copy where config option <paramref name="key"/> is set to <paramref name="value"/> (as <c>juju config</c> sets it).</summary>
    public State WithConfig(string key, ConfigValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return this with { Config = Config.SetItem(key, value) };
    }

    /// <summary>A copy with every option of <paramref name="values"/> set.</summary>
    public State WithConfig(IEnumerable<KeyValuePair<string, ConfigValue>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return this with { Config = Config.SetItems(values) };
    }

    /// <summary>A copy where binding <paramref name="binding"/> has <paramref name="network"/>.</summary>
    public State WithNetwork(string binding, Network network)
    {
        ArgumentException.ThrowIfNullOrEmpty(binding);
        ArgumentNullException.ThrowIfNull(network);
        return this with { Networks = Networks.SetItem(binding, network) };
    }

    /// <summary>A copy where binding <paramref name="binding"/> has one address, <paramref name="address"/> (<see cref="InMemoryBackend.DefaultNetwork"/>).</summary>
    public State WithNetwork(string binding, string address) => WithNetwork(binding, InMemoryBackend.DefaultNetwork(address));

    /// <summary>A copy with stored-state namespace <paramref name="name"/> set to <paramref name="values"/>.</summary>
    public State WithStored(string name, IEnumerable<KeyValuePair<string, StoredValue>> values)
        => this with
        {
            Stored = Stored with
            {
                Stored = Stored.Stored.SetItem(name, values.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)),
            },
        };

    /// <summary>The stored value <paramref name="key"/> in namespace <paramref name="name"/>, if set.</summary>
    public StoredValue? GetStored(string name, string key)
        => Stored.Stored.TryGetValue(name, out var ns) && ns.TryGetValue(key, out var v) ? v : (StoredValue?)null;

    /// <summary>Structural equality.</summary>
    public bool Equals(State? other)
        => other is not null && Leader == other.Leader && HostName == other.HostName && JujuAddressKeys == other.JujuAddressKeys
            && UnitStatus == other.UnitStatus && AppStatus == other.AppStatus
            && Relations.SequenceEqual(other.Relations)
            && Config.Count == other.Config.Count && Config.All(p => other.Config.TryGetValue(p.Key, out var v) && v == p.Value)
            && ControllerState.Count == other.ControllerState.Count && ControllerState.All(p => other.ControllerState.TryGetValue(p.Key, out var v) && v == p.Value)
            && Stored.Equals(other.Stored)
            && Secrets.SequenceEqual(other.Secrets) && Storages.SequenceEqual(other.Storages)
            && OpenedPorts.SequenceEqual(other.OpenedPorts) && WorkloadVersion == other.WorkloadVersion && PlannedUnits == other.PlannedUnits
            && Networks.Count == other.Networks.Count && Networks.All(p => other.Networks.TryGetValue(p.Key, out var n) && SameNetwork(n, p.Value));

    private static bool SameNetwork(Network a, Network b)
        => a.IngressAddresses.SequenceEqual(b.IngressAddresses) && a.EgressSubnets.SequenceEqual(b.EgressSubnets)
            && a.Interfaces.Count == b.Interfaces.Count
            && a.Interfaces.Zip(b.Interfaces).All(p => p.First.Name == p.Second.Name && p.First.MacAddress == p.Second.MacAddress && p.First.Addresses.SequenceEqual(p.Second.Addresses));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Leader, HostName, Relations.Length);
}

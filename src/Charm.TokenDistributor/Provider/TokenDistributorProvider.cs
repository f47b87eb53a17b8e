using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.State;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The distributor side of the token distributor protocol (the seed's <c>TokenDistributorProvides</c>, with the v0.8
/// additions): the leader is the mirror. It collects every consumer unit's host name as <c>mirror-&lt;host&gt;=empty</c>,
/// copies the communicator's <c>mirror-*</c> values, names the one consumer application allowed to bootstrap, and
/// prunes the keys of hosts whose units left. Construct it in the charm's constructor.
/// </summary>
public sealed class TokenDistributorProvider
{
    private const string DepartedKey = "departed-hosts";

    private readonly CharmBase _charm;
    private readonly StoredState _stored;

    /// <summary>Creates the provider for the <c>provides</c> endpoint <paramref name="endpoint"/> and observes its hooks.</summary>
    public TokenDistributorProvider(CharmBase charm, string endpoint)
    {
        _charm = charm ?? throw new ArgumentNullException(nameof(charm));
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        Endpoint = endpoint;
        _stored = charm.Framework.GetStoredState("token-distributor/" + endpoint);
        var id = "token-distributor/" + endpoint;
        var fw = charm.Framework;
        fw.Observe<LeaderElectedEvent>(EventKey.LeaderElected, id + "/leader-elected", _ => Step());
        fw.Observe<LeaderSettingsChangedEvent>(EventKey.LeaderSettingsChanged, id + "/leader-settings-changed", _ => Step());
        fw.Observe<RelationCreatedEvent>(EventKey.RelationCreated(endpoint), id + "/relation-created", _ => Step());
        fw.Observe<RelationChangedEvent>(EventKey.RelationChanged(endpoint), id + "/relation-changed", _ => Step());
        fw.Observe<RelationDepartedEvent>(EventKey.RelationDeparted(endpoint), id + "/relation-departed", OnDeparted);
    }

    /// <summary>The relation endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>Runs the distributor's step for every relation on the endpoint: mirror on the leader, mirror down elsewhere.</summary>
    public void Step()
    {
        var relations = _charm.Model.Relations(Endpoint);
        foreach (var relation in relations)
        {
            relation.LocalUnitData[ProtocolExtensions.AdvertisementKey] = ProtocolExtensions.Advertised;
        }

        if (!_charm.Unit.IsLeader)
        {
            foreach (var relation in relations)
            {
                if (relation.LocalUnitData[MirrorKeys.MirrorKey] is { } mirror && mirror != MirrorKeys.Down)
                {
                    relation.LocalUnitData[MirrorKeys.MirrorKey] = MirrorKeys.Down;
                }
            }

            return;
        }

        HandleMirror(relations);
    }

    private void OnDeparted(RelationDepartedEvent e)
    {
        var departing = e.DepartingUnit ?? e.RemoteUnit;
        if (departing is not null && e.Relation.RemoteUnitData(departing)[MirrorKeys.HostnameKey] is { } host)
        {
            // Every distributor unit remembers, so a future leader prunes too.
            var departed = _stored.GetStringList(DepartedKey).Where(h => h != host).Append(host).TakeLast(256).ToArray();
            _stored.Set(DepartedKey, departed);
        }

        Step();
    }

    private void HandleMirror(IReadOnlyList<Relation> relations)
    {
        // Host names published by the units that are related now (the departing unit is no longer listed).
        var published = new HashSet<string>(StringComparer.Ordinal);
        var hostOrder = new List<string>();
        foreach (var relation in relations)
        {
            foreach (var unit in relation.Units)
            {
                if (relation.RemoteUnitData(unit)[MirrorKeys.HostnameKey] is { } host && published.Add(host))
                {
                    if (host.Any(char.IsWhiteSpace) || host.Contains('=', StringComparison.Ordinal))
                    {
                        // mirror-<host> could not be a databag key: one malformed unit must not fail every hook of the mirror.
                        _charm.Log.Warning($"not mirroring {unit}: its hostname '{host}' cannot be part of a databag key");
                        continue;
                    }

                    hostOrder.Add(host);
                }
            }
        }

        var departed = _stored.GetStringList(DepartedKey).Where(h => !published.Contains(h)).ToHashSet(StringComparer.Ordinal);
        _stored.Set(DepartedKey, departed.Order(StringComparer.Ordinal).ToArray());
        if (departed.Count == 0)
        {
            _stored.Remove(DepartedKey);
        }

        // Real values offered by communicators (remote units with mirror=up), across every relation, first seen first.
        var offered = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            foreach (var unit in relation.Units)
            {
                var data = relation.RemoteUnitData(unit);
                if (data[MirrorKeys.MirrorKey] != MirrorKeys.Up)
                {
                    continue;
                }

                foreach (var (key, value) in data)
                {
                    if (!MirrorKeys.TryStripPrefix(key, out var name) || departed.Contains(name))
                    {
                        continue;
                    }

                    if (key.Any(char.IsWhiteSpace) || key.Contains('=', StringComparison.Ordinal))
                    {
                        // Not a key this unit may write: one malformed communicator must not fail every hook of the mirror.
                        _charm.Log.Warning($"not mirroring a key of {unit}: '{key}' cannot be a databag key");
                        continue;
                    }

                    if (!offered.TryGetValue(key, out var values))
                    {
                        values = [];
                        offered[key] = values;
                    }

                    values.Add(value);
                }
            }
        }

        foreach (var relation in relations)
        {
            var own = relation.LocalUnitData;
            own[MirrorKeys.MirrorKey] = MirrorKeys.Up;
            foreach (var (key, values) in offered)
            {
                var real = values.Where(v => v != MirrorKeys.Empty).ToList();
                if (real.Count > 0)
                {
                    // A real token wins over the placeholder, and a different real token replaces the held one.
                    own[key] = Corroboration.Corroborate(real, MirrorKeys.Empty);
                }
                else if (!own.ContainsKey(key))
                {
                    own[key] = MirrorKeys.Empty;
                }
            }

            foreach (var host in hostOrder)
            {
                var key = MirrorKeys.MirrorId(host);
                if (!own.ContainsKey(key))
                {
                    _charm.Log.Info($"added {key} to mirror");
                    own[key] = MirrorKeys.Empty;
                }
            }

            foreach (var host in departed)
            {
                var key = MirrorKeys.MirrorId(host);
                if (own.ContainsKey(key))
                {
                    _charm.Log.Info($"removed {key} from mirror: no related unit publishes {host} any more");
                    own.Remove(key);
                }
            }
        }

        ElectBootstrapApp(relations);
    }

    private static void ElectBootstrapApp(IReadOnlyList<Relation> relations)
    {
        if (relations.Count == 0)
        {
            return;
        }

        // Keep the application already named while it is still related (v0.8); re-elect when it left before it could
        // bootstrap, or nobody could ever bootstrap again.
        var related = relations.Select(r => r.RemoteApp).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var chosen = relations.Select(r => r.LocalAppData[MirrorKeys.BootstrapAppKey]).FirstOrDefault(v => v is not null && related.Contains(v))
            ?? relations.OrderBy(r => r.Id.Number).Select(r => r.RemoteApp).FirstOrDefault(a => a is not null);
        if (chosen is null)
        {
            return;
        }

        foreach (var relation in relations)
        {
            relation.LocalAppData[MirrorKeys.BootstrapAppKey] = chosen;
        }
    }
}

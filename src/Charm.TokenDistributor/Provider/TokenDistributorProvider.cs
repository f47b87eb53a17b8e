using System.Globalization;
using System.Text.Json;
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
/// prunes the keys of hosts whose units left. With consumers that speak <see cref="ProtocolExtensions.BootstrapGrant"/>
/// it also grants the bootstrap to one consumer unit and records the fingerprints of the tokens it mirrors. Construct it
/// in the charm's constructor.
/// </summary>
public sealed class TokenDistributorProvider
{
    private const string DepartedKey = "departed-hosts";
    private const string DepartedUnitsKey = "departed-units";
    private const int FingerprintsPerHost = 8;

    /// <summary>
    /// The distributor application-databag key (on every relation of the endpoint) recording, for each host the leader
    /// mirrors, the consumer unit that publishes it, or <c>""</c> once that unit was seen departing: a JSON object, e.g.
    /// <c>{"node-a":"workload/0","node-b":""}</c>. It outlives any one distributor unit and its stored state, so a later
    /// leader prunes what an earlier one saw leave.
    /// </summary>
    internal const string HostUnitsKey = "cluster-host-units";

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CharmBase _charm;
    private readonly StoredState _stored;

    /// <summary>Creates the provider for the <c>provides</c> endpoint <paramref name="endpoint"/> and observes its hooks.</summary>
    public TokenDistributorProvider(CharmBase charm, string endpoint)
    {
        _charm = charm ?? throw new ArgumentNullException(nameof(charm));
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        Endpoint = endpoint;
        _stored = charm.Framework.GetStoredState("token-distributor/" + endpoint);
        ObservedHooks.Observe(charm.Framework, "token-distributor/" + endpoint, endpoint, ObservedEvents(endpoint), OnHook);
    }

    /// <summary>
    /// The Juju events a provider on <paramref name="endpoint"/> observes (its constructor observes exactly these):
    /// <c>leader-elected</c>, <c>leader-settings-changed</c> and the endpoint's <c>relation-created</c>,
    /// <c>relation-changed</c> and <c>relation-departed</c>.
    /// </summary>
    /// <param name="endpoint">The <c>provides</c> endpoint, e.g. <c>microcluster-cluster</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is <see langword="null"/> or empty.</exception>
    public static IReadOnlyList<EventKey> ObservedEvents(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        return Array.AsReadOnly(
            [EventKey.LeaderElected, EventKey.LeaderSettingsChanged, EventKey.RelationCreated(endpoint), EventKey.RelationChanged(endpoint), EventKey.RelationDeparted(endpoint)]);
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
            MirrorDown(relations);
            return;
        }

        HandleMirror(relations);
    }

    /// <summary>
    /// A non-leader: <c>mirror=down</c> where it was set, and the keys of hosts this unit saw depart dropped from its own
    /// databag. A unit that mirrored as leader keeps what it mirrored (as the seed does); no peer reads it while it says
    /// <c>down</c>, but a departed host's key would stay for ever, since only a leader prunes what it mirrors.
    /// </summary>
    private void MirrorDown(IReadOnlyList<Relation> relations)
    {
        var published = relations
            .SelectMany(r => r.Units.Select(u => r.RemoteUnitData(u)[MirrorKeys.HostnameKey]))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var departed = WitnessedDepartures(published);
        foreach (var relation in relations)
        {
            var own = relation.LocalUnitData;
            if (own[MirrorKeys.MirrorKey] is { } mirror && mirror != MirrorKeys.Down)
            {
                own[MirrorKeys.MirrorKey] = MirrorKeys.Down;
            }

            foreach (var host in departed)
            {
                var key = MirrorKeys.MirrorId(host);
                if (own.ContainsKey(key))
                {
                    _charm.Log.Info($"removed {key}, kept from when this unit was the mirror: {host} departed");
                    own.Remove(key);
                }
            }
        }
    }

    /// <summary>
    /// The hosts this unit saw depart (in <c>relation-departed</c>) that no related unit publishes now; a host published
    /// again (a machine reused under the same name) leaves the record.
    /// </summary>
    private HashSet<string> WitnessedDepartures(HashSet<string> published)
    {
        var witnessed = _stored.GetStringList(DepartedKey).Where(h => !published.Contains(h)).ToHashSet(StringComparer.Ordinal);
        if (witnessed.Count == 0)
        {
            _stored.Remove(DepartedKey);
        }
        else
        {
            _stored.Set(DepartedKey, witnessed.Order(StringComparer.Ordinal).ToArray());
        }

        return witnessed;
    }

    private void OnHook(HookEvent e)
    {
        if (e is RelationDepartedEvent departed)
        {
            OnDeparted(departed);
        }
        else
        {
            Step();
        }
    }

    private void OnDeparted(RelationDepartedEvent e)
    {
        var departing = e.DepartingUnit ?? e.RemoteUnit;
        if (departing is not null)
        {
            // Seen leaving by this unit: only a departure it witnessed lets it (as leader) move the bootstrap grant. A unit
            // missing from relation-list may merely not have joined from this unit's point of view yet.
            var units = _stored.GetStringList(DepartedUnitsKey).Where(u => u != departing).Append(departing).TakeLast(256).ToArray();
            _stored.Set(DepartedUnitsKey, units);
        }

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
        // Host names published by the units that are related now (the departing unit is no longer listed), each with the
        // units publishing it; the well-formed ones in the order first seen.
        var publishers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var hostOrder = new List<string>();
        foreach (var relation in relations)
        {
            foreach (var unit in relation.Units)
            {
                if (relation.RemoteUnitData(unit)[MirrorKeys.HostnameKey] is not { } host)
                {
                    continue;
                }

                if (publishers.TryGetValue(host, out var units))
                {
                    units.Add(unit);
                    continue;
                }

                publishers[host] = [unit];
                if (host.Any(char.IsWhiteSpace) || host.Contains('=', StringComparison.Ordinal))
                {
                    // mirror-<host> could not be a databag key: one malformed unit must not fail every hook of the mirror.
                    _charm.Log.Warning($"not mirroring {unit}: its hostname '{host}' cannot be part of a databag key");
                    continue;
                }

                hostOrder.Add(host);
            }
        }

        var witnessedHosts = WitnessedDepartures(publishers.Keys.ToHashSet(StringComparer.Ordinal));

        var ledger = ReadHostUnits(relations);
        var departed = PrunedHosts(ledger, publishers, witnessedHosts);
        UpdateHostUnits(relations, ledger, hostOrder, publishers, departed);

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

        var bootstrapApp = ElectBootstrapApp(relations);
        ManageBootstrapGrant(relations, bootstrapApp, departed);
    }

    /// <summary>
    /// The hosts whose <c>mirror-&lt;host&gt;</c> keys the leader prunes: no related unit publishes the host, and a
    /// distributor unit saw the unit that last published it depart (a tombstone in <see cref="HostUnitsKey"/>, or a
    /// departure this unit witnessed of the unit <see cref="HostUnitsKey"/> names). A host the record does not name is
    /// pruned only on this unit's own witness (records from before <see cref="HostUnitsKey"/>). A host whose publishing
    /// unit this unit merely does not see (yet) is never pruned: relation-list grows one relation-joined at a time.
    /// </summary>
    private HashSet<string> PrunedHosts(Dictionary<string, string> ledger, Dictionary<string, List<string>> publishers, HashSet<string> witnessedHosts)
    {
        var witnessedUnits = _stored.GetStringList(DepartedUnitsKey).ToHashSet(StringComparer.Ordinal);
        var pruned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (host, unit) in ledger)
        {
            if (!publishers.ContainsKey(host) && (unit.Length == 0 || witnessedUnits.Contains(unit)))
            {
                pruned.Add(host);
            }
        }

        foreach (var host in witnessedHosts)
        {
            if (!ledger.ContainsKey(host))
            {
                pruned.Add(host);
            }
        }

        return pruned;
    }

    /// <summary>
    /// Rewrites <see cref="HostUnitsKey"/> on every relation: each published host with the unit publishing it (kept while
    /// that unit still publishes it), a tombstone (<c>""</c>) for each pruned host, kept while some related unit still
    /// holds its <c>mirror-&lt;host&gt;</c> key (a seed communicator never drops it), other entries unchanged.
    /// </summary>
    private static void UpdateHostUnits(IReadOnlyList<Relation> relations, Dictionary<string, string> ledger, List<string> hostOrder, Dictionary<string, List<string>> publishers, HashSet<string> pruned)
    {
        foreach (var host in hostOrder)
        {
            var units = publishers[host];
            if (!ledger.TryGetValue(host, out var unit) || !units.Contains(unit))
            {
                ledger[host] = units[0];
            }
        }

        foreach (var host in pruned)
        {
            var held = relations.Any(r => r.Units.Any(u => r.RemoteUnitData(u).ContainsKey(MirrorKeys.MirrorId(host))));
            if (held)
            {
                ledger[host] = "";
            }
            else
            {
                ledger.Remove(host);
            }
        }

        var text = ledger.Count == 0 ? null : WriteObject(ledger, WriteStringMember);
        foreach (var relation in relations)
        {
            relation.LocalAppData[HostUnitsKey] = text;
        }
    }

    /// <summary>
    /// <see cref="HostUnitsKey"/> as the leaders before this one wrote it, merged over the relations (the lowest relation
    /// id wins a conflict); an unreadable value is logged and ignored.
    /// </summary>
    private Dictionary<string, string> ReadHostUnits(IReadOnlyList<Relation> relations)
    {
        var ledger = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relation in relations.OrderBy(r => r.Id.Number))
        {
            if (!TryReadObject<string>(relation.LocalAppData[HostUnitsKey], TryReadString, out var entries))
            {
                _charm.Log.Warning($"ignoring {HostUnitsKey} of relation {relation.Id.Number}: it is not a JSON object of strings; it is written again from what this unit sees");
                continue;
            }

            foreach (var (host, unit) in entries)
            {
                ledger.TryAdd(host, unit);
            }
        }

        return ledger;
    }

    private static string? ElectBootstrapApp(IReadOnlyList<Relation> relations)
    {
        if (relations.Count == 0)
        {
            return null;
        }

        // Keep the application already named while it is still related (v0.8); re-elect when it left before it could
        // bootstrap, or nobody could ever bootstrap again.
        var related = relations.Select(r => r.RemoteApp).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var chosen = relations.Select(r => r.LocalAppData[MirrorKeys.BootstrapAppKey]).FirstOrDefault(v => v is not null && related.Contains(v))
            ?? relations.OrderBy(r => r.Id.Number).Select(r => r.RemoteApp).FirstOrDefault(a => a is not null);
        if (chosen is null)
        {
            return null;
        }

        foreach (var relation in relations)
        {
            relation.LocalAppData[MirrorKeys.BootstrapAppKey] = chosen;
        }

        return chosen;
    }

    /// <summary>
    /// The <see cref="ProtocolExtensions.BootstrapGrant"/> extension, on the leader after the mirror step: records the
    /// fingerprint of every join token now mirrored (in the same commit that publishes it), then keeps, adopts or moves
    /// the grant. Safety rests on two facts: a consumer unit becomes a member only by bootstrapping under the grant or by
    /// joining with a token this unit mirrored (so recorded); and the grant moves only when its holder was seen departing
    /// and no unit that may still be related can be a member (it says so, or holds a joined marker, or has a recorded
    /// token it has not renounced).
    /// </summary>
    private void ManageBootstrapGrant(IReadOnlyList<Relation> relations, string? bootstrapApp, HashSet<string> departedHosts)
    {
        var grantRelation = relations.Where(r => r.RemoteApp == bootstrapApp).OrderBy(r => r.Id.Number).FirstOrDefault();
        if (grantRelation is null)
        {
            return;
        }

        var present = relations.SelectMany(r => r.Units.Select(u => r.RemoteUnitData(u))).ToList();
        var appData = grantRelation.LocalAppData;
        var speaking = present.Count(d => ProtocolExtensions.Lists(d[ProtocolExtensions.AdvertisementKey], ProtocolExtensions.BootstrapGrant));
        if (speaking == 0 && appData[ProtocolExtensions.BootstrapUnitKey] is null && appData[ProtocolExtensions.TokenFingerprintsKey] is null)
        {
            // Only v0 consumers (or none yet): they see exactly the v0 protocol.
            return;
        }

        if (!TryReadObject<string[]>(appData[ProtocolExtensions.TokenFingerprintsKey], TryReadStrings, out var record))
        {
            // Never decide on a record that cannot be read: without it a member could look like a stranger.
            _charm.Log.Warning($"not managing the bootstrap grant: {ProtocolExtensions.TokenFingerprintsKey} is unreadable");
            return;
        }

        // What this unit mirrors now, across every relation (the values are the same in each).
        var mirrored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            foreach (var (key, value) in relation.LocalUnitData)
            {
                if (MirrorKeys.TryStripPrefix(key, out var host) && !departedHosts.Contains(host))
                {
                    mirrored[host] = value;
                }
            }
        }

        foreach (var (host, value) in mirrored)
        {
            if (ProtocolExtensions.LooksLikeJoinToken(value) && IsValidText(host))
            {
                var fingerprint = ProtocolExtensions.TokenFingerprint(value);
                var list = record.TryGetValue(host, out var held) ? held : [];
                record[host] = [.. list.Where(f => f != fingerprint).Append(fingerprint).TakeLast(FingerprintsPerHost)];
            }
        }

        foreach (var host in departedHosts)
        {
            record.Remove(host);
        }

        appData[ProtocolExtensions.TokenFingerprintsKey] = record.Count == 0 ? null : WriteObject(record, WriteStringsMember);
        if (speaking < present.Count)
        {
            // A related unit that does not speak the extension (or has not published yet) might bootstrap by the v0 rule or
            // be a member this unit cannot judge: no grant decision while it is there.
            return;
        }

        var grantee = appData[ProtocolExtensions.BootstrapUnitKey];
        if (grantee is null && grantRelation.RemoteAppData?[ProtocolExtensions.BootstrappedByKey] is { Length: > 0 } recorded)
        {
            // The consumer bootstrapped under v0 (before the extension was in use): that unit holds the grant.
            _charm.Log.Info($"the bootstrap grant goes to {recorded}, which bootstrapped the cluster before");
            appData[ProtocolExtensions.BootstrapUnitKey] = recorded;
            return;
        }

        if (grantee is not null && !_stored.GetStringList(DepartedUnitsKey).Contains(grantee))
        {
            return;
        }

        var presentHosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var data in present)
        {
            var host = data[MirrorKeys.HostnameKey];
            if (host is not null)
            {
                presentHosts.Add(host);
            }

            if (MayBeMember(data, host, record, mirrored))
            {
                return;
            }
        }

        // A token or joined marker for a host of no unit this unit sees: that unit may be related and a member, unseen yet.
        if (record.Keys.Any(h => !presentHosts.Contains(h))
            || mirrored.Any(p => p.Value == ProtocolExtensions.JoinedMarker && !presentHosts.Contains(p.Key)))
        {
            return;
        }

        var candidate = grantRelation.Units.OrderBy(UnitNumber).ThenBy(u => u, StringComparer.Ordinal).FirstOrDefault();
        if (candidate is null)
        {
            return;
        }

        _charm.Log.Info(grantee is null
            ? $"granting the cluster bootstrap to {candidate}"
            : $"granting the cluster bootstrap to {candidate}: {grantee} departed and no related unit can be a cluster member");
        appData[ProtocolExtensions.BootstrapUnitKey] = candidate;
    }

    private static bool MayBeMember(Databag data, string? host, Dictionary<string, string[]> record, Dictionary<string, string> mirrored)
    {
        if (data[ProtocolExtensions.ClusterMemberKey] == ProtocolExtensions.Yes)
        {
            return true;
        }

        if (host is null)
        {
            return false;
        }

        if (mirrored.GetValueOrDefault(host) == ProtocolExtensions.JoinedMarker)
        {
            return true;
        }

        if (!record.TryGetValue(host, out var fingerprints))
        {
            return false;
        }

        var renounced = (data[ProtocolExtensions.RenouncedTokensKey] ?? "").Split(',').ToHashSet(StringComparer.Ordinal);
        return fingerprints.Any(f => !renounced.Contains(f));
    }

    private static bool IsValidText(string text)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    private static long UnitNumber(string unit)
        => long.TryParse(unit.AsSpan(unit.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : long.MaxValue;

    /// <summary>A JSON object whose every member <paramref name="readValue"/> accepts; <see langword="null"/> is an empty one.</summary>
    private static bool TryReadObject<T>(string? text, TryReadMember<T> readValue, out Dictionary<string, T> map)
    {
        map = new Dictionary<string, T>(StringComparer.Ordinal);
        if (text is null)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!readValue(property.Value, out var value))
                {
                    return false;
                }

                map[property.Name] = value;
            }

            return true;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escaping a lone surrogate, which GetString cannot give as .NET text.
            return false;
        }
    }

    private delegate bool TryReadMember<T>(JsonElement element, out T value);

    private static bool TryReadString(JsonElement element, out string value)
    {
        value = element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return element.ValueKind == JsonValueKind.String;
    }

    private static bool TryReadStrings(JsonElement element, out string[] value)
    {
        var ok = element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(f => f.ValueKind == JsonValueKind.String);
        value = ok ? [.. element.EnumerateArray().Select(f => f.GetString()!)] : [];
        return ok;
    }

    /// <summary>A JSON object of <paramref name="map"/>, keys in ordinal order; <paramref name="writeMember"/> writes one member.</summary>
    private static string WriteObject<T>(Dictionary<string, T> map, Action<Utf8JsonWriter, string, T> writeMember)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writeMember(writer, key, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStringMember(Utf8JsonWriter writer, string key, string value) => writer.WriteString(key, value);

    private static void WriteStringsMember(Utf8JsonWriter writer, string key, string[] values)
    {
        writer.WriteStartArray(key);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

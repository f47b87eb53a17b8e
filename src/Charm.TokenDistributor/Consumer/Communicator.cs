using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The seed's mirror step on a member: decide whether this unit is the communicator (the online voter with the smallest
/// name), and if so publish <c>mirror=up</c> and issue tokens for the hosts that wait for one; otherwise take the mirror
/// down. With consumed tokens it replaces used tokens with the joined marker and forgets what the distributor pruned.
/// docs/protocol.md, "Consumer behaviour (seed, v0.8)" and "The project's extensions".
/// </summary>
internal sealed class Communicator(CharmBase charm, ClusterCli cli, ConsumerState state, MembershipProbe probe, TokenConsumerOptions options, IConsumerEvents events)
{
    private string HostName => charm.Context.HostName;

    /// <summary>How long this hook has waited for PENDING members: the bound is per hook, however often the step runs.</summary>
    private TimeSpan _waited;

    /// <summary>The <c>add</c> calls this hook (the consumer lives for one hook).</summary>
    private int _adds;

    /// <summary>Hosts left for a later hook because this hook reached <see cref="TokenConsumerOptions.MaxTokensPerHook"/>.</summary>
    private int _leftForLater;

    /// <summary>Runs the mirror step; a membership it cannot read, or PENDING members beyond the bounded wait, defer it to a later hook.</summary>
    public void MirrorStep(Relation relation, HookEvent e)
    {
        var members = probe.Members();
        if (members is { AnyPending: true } && options.PendingWait > TimeSpan.Zero)
        {
            members = WaitWhilePending(members);
        }

        if (members is null)
        {
            var unreadable = probe.Unreadable;
            charm.Unit.AddStatus(Status.Waiting(unreadable ? TokenConsumer.UnreadableMembershipMessage : TokenConsumer.MembershipUnavailableMessage), TokenConsumer.StatusComponent);
            state.ReportedOutage = true;
            RetryLater(e, unreadable ? "cluster member list unreadable; retrying on a later hook" : "cluster membership unavailable; retrying on a later hook");
            return;
        }

        if (state.ReportedOutage)
        {
            // The outage this library reported is over; do not leave the unit waiting for ever. Remembered in the
            // consumer's state rather than read back with status-get (one process fewer per hook).
            state.ReportedOutage = false;
            charm.Unit.AddStatus(Status.Active(), TokenConsumer.StatusComponent);
        }

        if (members.AnyPending)
        {
            // The bounded wait is over (or off): try again on the next hook rather than hold the unit's hook queue.
            RetryLater(e, $"cluster still has PENDING members after waiting {options.PendingWait}; deciding the communicator on a later hook");
            return;
        }

        state.RetryQueued = false;
        var seen = state.SeenMembers.ToHashSet(StringComparer.Ordinal);
        state.NoteMembers(members.Members.Select(m => m.Name));
        var own = relation.LocalUnitData;
        var mirrored = MirrorReader.RelevantData(relation, keepEmpty: true);
        var issued = state.IssuedTokens;
        var consumedTokens = Negotiation.ConsumerUsesConsumedTokens(relation);
        if (consumedTokens)
        {
            DropPrunedKeys(own, mirrored, issued);
        }

        if (members.Communicator == HostName)
        {
            own[WireKeys.MirrorKey] = WireKeys.Up;
            var now = options.TimeProvider.GetUtcNow();
            // With a distributor that never prunes (seed, v0.8), a host that was a member and is no longer one left the
            // cluster (its unit was removed): its key stays mirrored for ever, and nobody waits for a token for it.
            var left = consumedTokens ? [] : seen.Where(h => !members.Contains(h)).ToHashSet(StringComparer.Ordinal);
            // With a distributor of ours: the tokens their hosts renounced (rejected, expired), re-issued in this hook.
            var renounced = consumedTokens && relation.RemoteAppData?[WireKeys.RenouncedRelayKey] is { } relay
                ? relay.Split(',').ToHashSet(StringComparer.Ordinal)
                : [];
            var tokens = new TokenRound(relation, members, issued, left, renounced, consumedTokens, options.TokenLifetime, charm.Log, host => Issue(relation, host, issued, now))
            {
                Published = PublishedHosts(relation),
            };
            state.SetAdoptedTokens(tokens.ReviewMirrored(mirrored, state.AdoptedTokens, now));
            tokens.ReviewIssued(now);
            if (_leftForLater > 0)
            {
                RetryLater(e, $"{_leftForLater} host(s) wait for a token beyond this hook's {options.MaxTokensPerHook}; issuing theirs on a later hook");
            }
        }
        else if (own[WireKeys.MirrorKey] is { } current && current != WireKeys.Down && !HoldsValueOnlyItHas(own, mirrored))
        {
            own[WireKeys.MirrorKey] = WireKeys.Down;
        }

        state.SetIssuedTokens(issued);
    }

    /// <summary>
    /// The bounded wait for <c>PENDING</c> members (docs/protocol.md, H-2): lists again every
    /// <see cref="TokenConsumerOptions.PendingPollInterval"/>, on the hook's clock, until none is <c>PENDING</c> or
    /// <see cref="TokenConsumerOptions.PendingWait"/> has been waited in this hook; returns the last answer (null when a listing failed).
    /// </summary>
    private ClusterMembership? WaitWhilePending(ClusterMembership members)
    {
        ClusterMembership? current = members;
        while (current is { AnyPending: true } && _waited < options.PendingWait)
        {
            var step = options.PendingPollInterval < options.PendingWait - _waited ? options.PendingPollInterval : options.PendingWait - _waited;
            HookWait.Wait(options.TimeProvider, step);
            _waited += step;
            current = probe.Relist();
        }

        charm.Log.Debug(current is { AnyPending: true } ? $"members still PENDING after waiting {_waited} in this hook" : $"waited {_waited} for PENDING members");
        return current;
    }

    /// <summary>
    /// Defers <paramref name="e"/> so the mirror step is retried at the start of the next hook, keeping at most one such
    /// retry queued: a re-emitted event keeps its place, a new one is deferred only when no retry is queued yet. The
    /// periodic update-status retries too, so nothing waits on a dropped notice.
    /// </summary>
    private void RetryLater(HookEvent e, string why)
    {
        charm.Log.Debug(why);
        if (e.IsReemitted || !state.RetryQueued)
        {
            e.Defer();
            state.RetryQueued = true;
        }
    }

    /// <summary>
    /// With a distributor that prunes departed hosts: forgets this unit's token or joined marker for a host the
    /// distributor no longer mirrors at all (its unit left), so neither a stale token nor a stale marker is copied back
    /// when a unit with the same host name arrives later.
    /// </summary>
    private static void DropPrunedKeys(Databag own, IReadOnlyDictionary<string, string> mirrored, Dictionary<string, DateTimeOffset> issued)
    {
        if (mirrored.Count == 0)
        {
            return;
        }

        foreach (var (key, value) in own.ToArray())
        {
            if (WireKeys.TryGetMirroredName(key, out var host)
                && (value == WireKeys.JoinedMarker || issued.ContainsKey(host))
                && !mirrored.ContainsKey(host))
            {
                own.Remove(key);
                issued.Remove(host);
            }
        }
    }

    /// <summary>
    /// Safe mirror-down: a former communicator keeps <c>mirror=up</c> while it holds a value the distributor would lose
    /// without it: a real value for a key the mirrors hold as <c>empty</c> (v0.8's rule), or a <c>mirror-*</c> key the
    /// mirrors lack entirely (not copied yet, e.g. a charm's <c>[MirrorKey]</c> data; v0.8 goes down here). A key the
    /// mirrors hold with another real value is no reason (v0.8 goes down too): the distributor has the new communicator's,
    /// and a second <c>up</c> unit would only compete with it (docs/protocol.md, "Where we differ from v0.8 and why").
    /// </summary>
    private static bool HoldsValueOnlyItHas(Databag own, IReadOnlyDictionary<string, string> mirrored)
        => own.Any(p => WireKeys.TryGetMirroredName(p.Key, out var name) && p.Value != WireKeys.Empty
            && (!mirrored.TryGetValue(name, out var held) || held == WireKeys.Empty));

    /// <summary>
    /// The hosts the distributor records as published by a related unit (<see cref="WireKeys.HostUnitsKey"/>, a unit named,
    /// not a tombstone); <see langword="null"/> when the distributor keeps no record (seed, v0.8), and none when the
    /// record cannot be read. A token mirrored for a host outside it is no other communicator's to take over: any
    /// <c>mirror=up</c> unit can offer a token for a host nobody runs, and a genuine one issued in its place would be
    /// readable by every related unit, a credential for whoever names a machine so (docs/security.md, R-2).
    /// </summary>
    private static HashSet<string>? PublishedHosts(Relation relation)
    {
        if (relation.RemoteAppData?[WireKeys.HostUnitsKey] is not { } text)
        {
            return null;
        }

        return RecordCodec.TryReadHostUnits(text, out var record)
            ? record.Where(p => p.Value.Length > 0).Select(p => p.Key).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    /// <summary>Issues a token for <paramref name="host"/> and publishes it; a CLI failure or an invalid name is logged and skipped.</summary>
    private void Issue(Relation relation, string host, Dictionary<string, DateTimeOffset> issued, DateTimeOffset now)
    {
        if (!MemberNames.IsValid(host))
        {
            // The key came from relation data (any unit can mirror any key): one that is no valid member name, e.g.
            // "-rf" or "../x", never reaches the CLI, and must not fail every hook of the communicator.
            charm.Log.Warning($"could not generate a token for '{LogText.Remote(host)}': {MemberNames.Problem(host)}");
            return;
        }

        if (state.RefusedNames.Contains(host))
        {
            return;
        }

        if (_adds >= options.MaxTokensPerHook)
        {
            _leftForLater++;
            return;
        }

        string token;
        _adds++;
        try
        {
            token = cli.Add(host);
        }
        catch (ClusterCliException error)
        {
            charm.Log.Warning($"could not generate a token for {LogText.Remote(host)}: {error.Message}");
            if (error.Failure == ClusterFailure.InvalidName)
            {
                // The daemon's own rule is stricter than ours in places (e.g. a label that is a number): never again.
                state.RefuseName(host);
            }

            return;
        }

        MirrorReader.Publish(relation, [new KeyValuePair<string, string>(host, token)]);
        if (JoinTokens.ClusterFingerprintOf(token) is { } cluster)
        {
            // Its own daemon minted the token: the fingerprint of the cluster this unit is a member of (cluster binding).
            state.ClusterFingerprint = cluster;
        }

        issued[host] = now;
        events.RaiseTokenGenerated(relation, host);
        charm.Log.Info($"added token for {LogText.Remote(host)}");
    }

    /// <summary>The communicator's token decisions of one mirror step, over the mirrored hosts and the tokens it issued.</summary>
    private sealed class TokenRound(
        Relation relation, ClusterMembership members, Dictionary<string, DateTimeOffset> issued, HashSet<string> left, HashSet<string> renounced, bool consumedTokens, TimeSpan lifetime, JujuLogger log, Action<string> issue)
    {
        private readonly Databag _own = relation.LocalUnitData;

        /// <summary>The hosts a token of another unit may be taken over for; <see langword="null"/>: any (no record).</summary>
        public HashSet<string>? Published { get; init; }

        /// <summary>
        /// Each mirrored host: a token for one that waits, a fresh one for one that came back, the marker for a member.
        /// Returns the tokens of other units it adopts now (<paramref name="adopted"/> names those adopted before), by host.
        /// </summary>
        public Dictionary<string, DateTimeOffset> ReviewMirrored(IReadOnlyDictionary<string, string> mirrored, Dictionary<string, DateTimeOffset> adopted, DateTimeOffset now)
        {
            var stillAdopted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var (host, value) in mirrored)
            {
                var mirrorKey = WireKeys.MirrorKeyOf(host);
                var held = _own[mirrorKey];
                if (left.Contains(host))
                {
                    // It left the cluster: no unit waits for a token for it.
                    continue;
                }

                if (consumedTokens && held == WireKeys.JoinedMarker && !members.Contains(host))
                {
                    // The host joined once, left the cluster and is back (e.g. a new unit with the same host name): it
                    // needs a fresh token, not the marker.
                    issue(host);
                }
                else if (held is null && JoinTokens.LooksLikeToken(value) && !members.Contains(host) && Published?.Contains(host) != false)
                {
                    // A token an earlier communicator issued: it no longer looks after it, so if the token is never used
                    // (expired, rejected) this unit re-issues it, a lifetime after it first saw it.
                    var since = adopted.GetValueOrDefault(host, now);
                    stillAdopted[host] = since;
                    if (IsRenounced(value))
                    {
                        log.Info($"{host} renounced the token another unit issued for it; issuing a new one");
                        stillAdopted.Remove(host);
                        issue(host);
                    }
                    else if (now - since >= lifetime)
                    {
                        log.Info($"the token another unit issued for {LogText.Remote(host)} was not used within {lifetime}; issuing a new one");
                        issue(host);
                    }
                }
                else if (value == WireKeys.Empty && held is null)
                {
                    WaitingHost(host, mirrorKey);
                }
            }

            return stillAdopted;
        }

        /// <summary>Each token this unit issued: forgotten once gone, the marker once its host is a member, re-issued once expired.</summary>
        public void ReviewIssued(DateTimeOffset now)
        {
            foreach (var (host, when) in issued.ToArray())
            {
                var mirrorKey = WireKeys.MirrorKeyOf(host);
                if (!_own.ContainsKey(mirrorKey) || left.Contains(host))
                {
                    issued.Remove(host);
                }
                else if (members.Contains(host))
                {
                    issued.Remove(host);
                    MarkJoined(mirrorKey);
                }
                else if (_own[mirrorKey] is { } token && IsRenounced(token))
                {
                    log.Info($"{host} renounced its token (rejected or expired); issuing a new one");
                    issue(host);
                }
                else if (now - when >= lifetime)
                {
                    log.Info($"the token for {LogText.Remote(host)} was not used within {lifetime}; issuing a new one");
                    issue(host);
                }
            }
        }

        /// <summary>
        /// Whether <paramref name="token"/>'s fingerprint is among the renounced ones. Hashes only when some token was
        /// renounced: a SHA-256 loads and initialises OpenSSL the first time in a process, several milliseconds of CPU
        /// in a hook's short-lived process, and a seed distributor never renounces anything.
        /// </summary>
        private bool IsRenounced(string token) => renounced.Count > 0 && renounced.Contains(JoinTokens.Fingerprint(token));

        /// <summary>A host with the placeholder and no token from this unit: a token, unless it is a member already.</summary>
        private void WaitingHost(string host, string mirrorKey)
        {
            if (members.Contains(host))
            {
                // Already a member (e.g. the bootstrapper): a token would be refused ("name is taken").
                MarkJoined(mirrorKey);
            }
            else
            {
                issue(host);
            }
        }

        private void MarkJoined(string mirrorKey)
        {
            if (consumedTokens)
            {
                _own[mirrorKey] = WireKeys.JoinedMarker;
            }
        }
    }
}

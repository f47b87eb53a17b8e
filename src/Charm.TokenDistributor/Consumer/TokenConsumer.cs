using System.Globalization;
using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.State;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Events;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The workload side of the token distributor protocol (the seed's <c>TokenConsumer</c>): publishes this unit's host
/// name, bootstraps the cluster on the leader, joins with the token the distributor mirrors, and — on the
/// communicator — generates tokens for the hosts that wait for one. Construct it in the charm's constructor; it
/// observes the hooks it needs. Wire-compatible with the seed and v0.8 distributors, with the seed's hazards fixed
/// (see docs/protocol.md in the project).
/// </summary>
public sealed class TokenConsumer
{
    /// <summary>Status while the unit has no token distributor relation.</summary>
    public const string WaitingForRelationMessage = "Waiting for token distributor relation";

    /// <summary>Waiting status while <c>&lt;cli&gt; list -f json</c> fails (non-zero exit, timeout, not started); the mirror step is retried.</summary>
    public const string MembershipUnavailableMessage = "Cluster membership unavailable; will retry";

    /// <summary>Waiting status while <c>&lt;cli&gt; list -f json</c> succeeds but prints no readable member list; the mirror step is retried.</summary>
    public const string UnreadableMembershipMessage = "Cluster CLI printed unreadable member list; will retry";

    /// <summary>The unit's Waiting status while the join token it was given is one it will not use (rejected or unusable).</summary>
    private const string TokenRejectedMessage = "Join token was rejected; waiting for a new one";

    private const string InClusterKey = "in-cluster";
    private const string RejectedKey = "rejected-tokens";
    private const string IssuedKey = "issued-tokens";
    private const string AdoptedKey = "adopted-tokens";
    private const string RetryQueuedKey = "mirror-retry-queued";
    private const string TokenSeenKey = "token-first-seen";

    private readonly CharmBase _charm;
    private readonly ClusterCli _cli;
    private readonly TokenConsumerOptions _options;
    private readonly StoredState _stored;
    private ClusterMembership? _membership;
    private ClusterCliException? _membershipError;

    /// <summary>Creates the consumer for the relation <paramref name="endpoint"/> and observes its hooks.</summary>
    /// <param name="charm">The charm (its constructor is the place to create the consumer).</param>
    /// <param name="endpoint">The <c>requires</c> endpoint related to the distributor, e.g. <c>cluster</c>.</param>
    /// <param name="command">The cluster CLI prefix, e.g. <c>microctl</c> or <c>microovn cluster</c>.</param>
    /// <param name="options">Tuning; see <see cref="TokenConsumerOptions"/>.</param>
    public TokenConsumer(CharmBase charm, string endpoint, ClusterCommand command, TokenConsumerOptions? options = null)
    {
        _charm = charm ?? throw new ArgumentNullException(nameof(charm));
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(command);
        Endpoint = endpoint;
        _options = options ?? new TokenConsumerOptions();
        // Each failure is logged once, by the code below that decides what it means (with the exception's redacted message).
        _cli = new ClusterCli(command, charm.Context.ProcessRunner, _options.CliTimeout, (level, message) => charm.Log.Log(level, message)) { LogFailures = false };
        _stored = charm.Framework.GetStoredState("token-consumer/" + endpoint);

        ObservedHooks.Observe(charm.Framework, "token-consumer/" + endpoint, endpoint, ObservedEvents(endpoint), OnHook);
    }

    /// <summary>
    /// The Juju events a consumer on <paramref name="endpoint"/> observes (its constructor observes exactly these):
    /// <c>install</c>, <c>remove</c>, <c>update-status</c> and the endpoint's <c>relation-created</c>,
    /// <c>relation-joined</c> and <c>relation-changed</c>.
    /// </summary>
    /// <param name="endpoint">The <c>requires</c> endpoint, e.g. <c>cluster</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is <see langword="null"/> or empty.</exception>
    public static IReadOnlyList<EventKey> ObservedEvents(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        return Array.AsReadOnly(
            [EventKey.Install, EventKey.Remove, EventKey.UpdateStatus, EventKey.RelationCreated(endpoint), EventKey.RelationJoined(endpoint), EventKey.RelationChanged(endpoint)]);
    }

    /// <summary>The relation endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>Whether this unit is a cluster member (kept in the unit's stored state).</summary>
    public bool InCluster
    {
        get => _stored.GetBoolean(InClusterKey);
        private set => _stored.Set(InClusterKey, value);
    }

    /// <summary>This unit's node name, as published in <c>hostname</c>.</summary>
    public string HostName => _charm.Context.HostName;

    /// <summary>Extra arguments for <c>&lt;cli&gt; bootstrap</c> (the seed's <c>bootstrap_args_func</c>).</summary>
    public Func<IReadOnlyList<string>>? BootstrapArguments { get; set; }

    /// <summary>Extra arguments for <c>&lt;cli&gt; join &lt;token&gt;</c> (the seed's <c>join_args_func</c>).</summary>
    public Func<IReadOnlyList<string>>? JoinArguments { get; set; }

    /// <summary>Raised just before this unit bootstraps the cluster.</summary>
    public event Action<ClusterPreBootstrapEvent>? PreBootstrap;

    /// <summary>Raised after this unit bootstrapped the cluster (then <see cref="Joined"/> follows).</summary>
    public event Action<ClusterBootstrappedEvent>? Bootstrapped;

    /// <summary>Raised just before this unit joins the cluster.</summary>
    public event Action<ClusterPreJoinEvent>? PreJoin;

    /// <summary>Raised once this unit is a member, by bootstrap or join.</summary>
    public event Action<ClusterJoinedEvent>? Joined;

    /// <summary>Raised on the communicator after it published a token for a host.</summary>
    public event Action<TokenGeneratedEvent>? TokenGenerated;

    /// <summary>The relation to the distributor, if there is one.</summary>
    public Relation? Relation => _charm.Model.Relations(Endpoint) is [var first, ..] ? first : null;

    /// <summary>
    /// Publishes extra data for the distributor to mirror to every unit (<c>mirror-&lt;key&gt;</c> in this unit's
    /// databag); the seed's <c>add_to_mirror</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no distributor relation yet.</exception>
    public void AddToMirror(IEnumerable<KeyValuePair<string, string>> data) => Mirror.AddToMirror(RequireRelation(), data);

    /// <summary>The corroborated mirrored value of <paramref name="key"/>, or <see langword="null"/> (also when there is no relation).</summary>
    public string? FindValue(string key, bool keepEmpty = true) => Relation is { } relation ? Mirror.FindValue(relation, key, keepEmpty) : null;

    /// <summary>
    /// Every key the distributor mirrors, without the <c>mirror-</c> prefix, in ordinal order: the host names of the
    /// consumer units it has seen and any extra values published with <see cref="AddToMirror"/>.
    /// </summary>
    public IReadOnlyList<string> MirroredKeys()
        => Relation is { } relation ? Mirror.RelevantData(relation, keepEmpty: true).Keys.Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>
    /// The join token the distributor mirrors for <paramref name="hostName"/>, corroborated across the mirrors;
    /// <see langword="null"/> when there is none yet (absent, or the <c>empty</c> placeholder), when the host has used it
    /// (the communicator replaced it with the joined marker), or without a relation. It is a cluster credential: never log it.
    /// </summary>
    /// <param name="hostName">The host's node name, as its unit publishes it.</param>
    public string? TokenFor(string hostName)
    {
        var token = FindValue(hostName, keepEmpty: false);
        return token == ProtocolExtensions.JoinedMarker ? null : token;
    }

    /// <summary>
    /// The host names in the mirror: <see cref="MirroredKeys"/> without <paramref name="declaredMirrorKeys"/>, the keys
    /// the charm publishes extra values under (its <c>[MirrorKey]</c> keys for this relation), in ordinal order.
    /// </summary>
    /// <param name="declaredMirrorKeys">The keys, without the <c>mirror-</c> prefix, that are data rather than hosts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="declaredMirrorKeys"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> HostNames(params string[] declaredMirrorKeys)
    {
        ArgumentNullException.ThrowIfNull(declaredMirrorKeys);
        return MirroredKeys().Where(key => Array.IndexOf(declaredMirrorKeys, key) < 0).ToArray();
    }

    private Relation RequireRelation()
        => Relation ?? throw new InvalidOperationException($"There is no '{Endpoint}' relation yet; mirror data once the distributor is related.");

    private void OnHook(HookEvent e)
    {
        switch (e)
        {
            case InstallEvent install:
                OnInstall(install);
                break;
            case RemoveEvent remove:
                OnRemove(remove);
                break;
            case UpdateStatusEvent updateStatus:
                OnUpdateStatus(updateStatus);
                break;
            case RelationCreatedEvent created:
                OnRelationCreated(created);
                break;
            case RelationJoinedEvent joined:
                OnRelationJoined(joined);
                break;
            case RelationChangedEvent changed:
                OnRelationChanged(changed);
                break;
        }
    }

    private void OnInstall(InstallEvent e)
    {
        if (Relation is null)
        {
            _charm.Unit.Status = Status.Maintenance(WaitingForRelationMessage);
        }
    }

    private void OnRemove(RemoveEvent e)
    {
        if (!InCluster)
        {
            return;
        }

        try
        {
            _cli.Remove(HostName);
            InCluster = false;
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.LastMember)
        {
            // The last member cannot leave its own cluster: the cluster goes away with the unit. Not an error.
            _charm.Log.Info($"{HostName} is the last cluster member; the cluster ends with this unit ({error.Message})");
            InCluster = false;
        }
        catch (ClusterCliException error)
        {
            _charm.Log.Error($"failed removing {HostName} from cluster: {error.Message}");
        }
    }

    private void OnUpdateStatus(UpdateStatusEvent e)
    {
        if (Relation is not { } relation)
        {
            return;
        }

        // Leadership (or the distributor's bootstrap grant) may reach a unit after its relation hooks ran (e.g. the leader
        // left before bootstrapping); no relation hook may come any more, so the periodic update-status lets it bootstrap.
        if (!InCluster && !TryBootstrap(relation, e))
        {
            PublishMembership(relation);
            return;
        }

        if (InCluster)
        {
            MirrorStep(relation, e);
        }

        PublishMembership(relation);
    }

    private void OnRelationCreated(RelationCreatedEvent e)
    {
        Publish(e.Relation);
        if (InCluster)
        {
            MirrorStep(e.Relation, e);
        }

        PublishMembership(e.Relation);
    }

    private void OnRelationJoined(RelationJoinedEvent e)
    {
        Publish(e.Relation);
        if (!InCluster && !TryBootstrap(e.Relation, e))
        {
            PublishMembership(e.Relation);
            return;
        }

        if (InCluster)
        {
            MirrorStep(e.Relation, e);
        }

        PublishMembership(e.Relation);
    }

    private void OnRelationChanged(RelationChangedEvent e)
    {
        Publish(e.Relation);
        if (!InCluster && (!TryBootstrap(e.Relation, e) || (!InCluster && !TryJoin(e.Relation, e))))
        {
            PublishMembership(e.Relation);
            return;
        }

        if (InCluster)
        {
            MirrorStep(e.Relation, e);
        }

        PublishMembership(e.Relation);
    }

    private void Publish(Relation relation)
    {
        relation.LocalUnitData[MirrorKeys.HostnameKey] = HostName;
        relation.LocalUnitData[ProtocolExtensions.AdvertisementKey] = ProtocolExtensions.Advertised;
    }

    /// <summary>
    /// With a distributor that speaks <see cref="ProtocolExtensions.BootstrapGrant"/>: publishes whether this unit is a
    /// member and the fingerprints of the tokens it will never use, as of the end of this hook (they commit together with
    /// the stored state they describe). With any other distributor nothing is written: it sees the v0 protocol.
    /// </summary>
    private void PublishMembership(Relation relation)
    {
        if (!GrantNegotiated(relation))
        {
            return;
        }

        var own = relation.LocalUnitData;
        own[ProtocolExtensions.ClusterMemberKey] = InCluster ? ProtocolExtensions.Yes : null;
        var renounced = _stored.GetStringList(RejectedKey);
        own[ProtocolExtensions.RenouncedTokensKey] = renounced.Count > 0 ? string.Join(',', renounced) : null;
    }

    /// <summary>
    /// Whether the bootstrap-grant extension is in use: a distributor unit advertises it, or the distributor has granted a
    /// bootstrap already (so a moment without an advertising unit never falls back to the leader's v0 bootstrap).
    /// </summary>
    private static bool GrantNegotiated(Relation relation)
        => relation.RemoteAppData?[ProtocolExtensions.BootstrapUnitKey] is not null
            || relation.Units.Any(u => ProtocolExtensions.Lists(relation.RemoteUnitData(u)[ProtocolExtensions.AdvertisementKey], ProtocolExtensions.BootstrapGrant));

    /// <summary>Bootstraps when this unit may; returns false when the hook should stop here (failure, deferred).</summary>
    private bool TryBootstrap(Relation relation, HookEvent e)
    {
        if (GrantNegotiated(relation))
        {
            return TryGrantedBootstrap(relation, e);
        }

        if (!_charm.Unit.IsLeader || Mirror.AnyDataExists(relation))
        {
            return true;
        }

        if (relation.LocalAppData[ProtocolExtensions.BootstrappedByKey] is { } by)
        {
            // Split-brain guard: a leader before us bootstrapped; wait for its token instead.
            _charm.Log.Debug($"not bootstrapping: {by} already bootstrapped the cluster");
            return true;
        }

        var bootstrapApp = relation.RemoteAppData?[MirrorKeys.BootstrapAppKey];
        if (bootstrapApp is not null && bootstrapApp != _charm.App.Name)
        {
            return true;
        }

        if (bootstrapApp is null && Mirror.FindMirrors(relation).Count == 0)
        {
            // The distributor's leader has not written anything yet (relation-joined can run first): whether it is a seed
            // distributor, or one that will name another application in bootstrap-app, is not known. Wait for it.
            _charm.Unit.Status = Status.Waiting("Waiting for the token distributor");
            return true;
        }

        if (bootstrapApp is null && DistributorSpeaksExtensions(relation))
        {
            // Our distributor always names the bootstrap application; wait for it rather than race another app.
            _charm.Unit.Status = Status.Waiting("Waiting for the distributor to choose the bootstrap application");
            return true;
        }

        return Bootstrap(relation, e);
    }

    /// <summary>
    /// The bootstrap under <see cref="ProtocolExtensions.BootstrapGrant"/>: this unit bootstraps only while the
    /// distributor's grant names it, whether or not it leads its application. The grant moves only after this unit has
    /// departed, so a bootstrap whose hook failed before its commit is retried by this unit ("already initialised"), never
    /// repeated by another.
    /// </summary>
    private bool TryGrantedBootstrap(Relation relation, HookEvent e)
    {
        var grantee = relation.RemoteAppData?[ProtocolExtensions.BootstrapUnitKey];
        if (grantee is null)
        {
            _charm.Unit.Status = Status.Waiting("Waiting for the distributor to grant the bootstrap");
            return true;
        }

        return grantee != _charm.Unit.Name || Bootstrap(relation, e);
    }

    private bool Bootstrap(Relation relation, HookEvent e)
    {
        Emit(new ClusterPreBootstrapEvent(relation), PreBootstrap);
        try
        {
            _cli.Bootstrap(BootstrapArguments?.Invoke() ?? []);
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.AlreadyInitialised)
        {
            // A previous attempt bootstrapped but its hook failed before the state was saved: we are the cluster.
            _charm.Log.Info($"{HostName} was already bootstrapped; recording it ({error.Message})");
        }
        catch (ClusterCliException error)
        {
            _charm.Log.Error($"{HostName} unable to bootstrap cluster: {error.Message}");
            _charm.Unit.Status = Status.Blocked("Unable to bootstrap cluster");
            e.Defer();
            return false;
        }

        InCluster = true;
        _stored.Remove(RejectedKey);
        _stored.Remove(TokenSeenKey);
        if (_charm.Unit.IsLeader)
        {
            // The v0 split-brain guard (read only without the bootstrap grant); a granted non-leader cannot write it.
            relation.LocalAppData[ProtocolExtensions.BootstrappedByKey] = _charm.Unit.Name;
        }

        _charm.Unit.Status = Status.Active("Cluster bootstrapped");
        Emit(new ClusterBootstrappedEvent(relation), Bootstrapped);
        Emit(new ClusterJoinedEvent(relation, bootstrapper: true), Joined);
        return true;
    }

    /// <summary>Joins with the mirrored token; returns false when the hook should stop here.</summary>
    private bool TryJoin(Relation relation, HookEvent e)
    {
        var token = Mirror.FindValue(relation, HostName, keepEmpty: false);
        if (token is null)
        {
            _charm.Unit.Status = Status.Maintenance("Token not in mirror");
            return true;
        }

        if (token == ProtocolExtensions.JoinedMarker)
        {
            // The communicator saw this host join, yet this unit's state says otherwise: its joining hook failed after
            // the join. Membership tells.
            if (Membership(mayNotBeMember: true) is { } members && members.Contains(HostName))
            {
                MarkJoined(relation);
            }
            else
            {
                _charm.Unit.Status = Status.Waiting("Waiting for a new join token");
            }

            return true;
        }

        var fingerprint = ProtocolExtensions.TokenFingerprint(token);
        if (_stored.GetStringList(RejectedKey).Contains(fingerprint))
        {
            _charm.Unit.Status = Status.Waiting(TokenRejectedMessage);
            return true;
        }

        var seen = ReadTimes(TokenSeenKey);
        if (!seen.ContainsKey(fingerprint))
        {
            // When this unit first saw the token: a token older than its lifetime has expired (used by RenounceExpired).
            WriteTimes(TokenSeenKey, new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { [fingerprint] = _options.TimeProvider.GetUtcNow() });
        }

        Emit(new ClusterPreJoinEvent(relation), PreJoin);
        _charm.Unit.Status = Status.Maintenance("Joining cluster");
        try
        {
            _cli.Join(token, JoinArguments?.Invoke() ?? []);
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.AlreadyInitialised)
        {
            _charm.Log.Info($"{HostName} is already a cluster member; recording it ({error.Message})");
        }
        catch (ArgumentException error)
        {
            // The mirrored value cannot be a join token the CLI may be given (e.g. it starts with '-'): any unit can mirror
            // any value, and one unusable value must not fail every hook of this unit. It is never used (nor run).
            RejectToken(fingerprint, $"the mirrored join token cannot be used ({error.Message})");
            return true;
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.TokenRejected)
        {
            RejectToken(fingerprint, $"the cluster rejected its join token ({error.Message})");
            return true;
        }
        catch (ClusterCliException error)
        {
            _charm.Log.Error($"failed {HostName} joining cluster: {error.Message}");
            if (GrantNegotiated(relation) && RenounceExpired(relation, fingerprint))
            {
                return true;
            }

            _charm.Unit.Status = Status.Blocked("Joining cluster failed");
            e.Defer();
            return false;
        }

        MarkJoined(relation);
        return true;
    }

    private void Reject(string fingerprint)
    {
        var rejected = _stored.GetStringList(RejectedKey).Where(f => f != fingerprint).Append(fingerprint).TakeLast(16).ToArray();
        _stored.Set(RejectedKey, rejected);
    }

    /// <summary>Never uses the token again, says <paramref name="why"/> at WARNING and waits for a new token.</summary>
    private void RejectToken(string fingerprint, string why)
    {
        Reject(fingerprint);
        _charm.Log.Warning($"{HostName}: {why}; waiting for a new one");
        _charm.Unit.Status = Status.Waiting(TokenRejectedMessage);
    }

    /// <summary>
    /// Under <see cref="ProtocolExtensions.BootstrapGrant"/>, after a join failed for another reason than a rejected
    /// token: a token first seen a token lifetime ago has expired, and once <c>list</c> confirms that this node is not a
    /// member, the unit renounces it (never uses it again, and says so in <see cref="ProtocolExtensions.RenouncedTokensKey"/>),
    /// so the distributor can tell that this unit cannot be a member of the cluster the token came from (e.g. one that
    /// left with its last member). Returns whether the hook may go on (renounced, or found to be a member after all).
    /// </summary>
    private bool RenounceExpired(Relation relation, string fingerprint)
    {
        if (!ReadTimes(TokenSeenKey).TryGetValue(fingerprint, out var since) || _options.TimeProvider.GetUtcNow() - since < _options.TokenLifetime)
        {
            return false;
        }

        if (Membership(mayNotBeMember: true) is { } members)
        {
            if (!members.Contains(HostName))
            {
                return false;
            }

            // The join went through after all (e.g. the call timed out after the daemon joined).
            MarkJoined(relation);
            return true;
        }

        if (_membershipError?.Failure != ClusterFailure.NotInitialised)
        {
            return false;
        }

        Reject(fingerprint);
        _stored.Remove(TokenSeenKey);
        _charm.Log.Warning($"{HostName}: its join token was not used within {_options.TokenLifetime} and this node is not a member; waiting for a new one");
        _charm.Unit.Status = Status.Waiting("Join token expired; waiting for a new one");
        return true;
    }

    private void MarkJoined(Relation relation)
    {
        InCluster = true;
        _stored.Remove(RejectedKey);
        _stored.Remove(TokenSeenKey);
        _charm.Unit.Status = Status.Active("Joined cluster");
        Emit(new ClusterJoinedEvent(relation, bootstrapper: false), Joined);
    }

    /// <summary>The seed's mirror step: decide whether this unit is the communicator, then publish or take the mirror down.</summary>
    private void MirrorStep(Relation relation, HookEvent e)
    {
        var members = Membership();
        if (members is null)
        {
            var unreadable = _membershipError?.Kind == ClusterCliErrorKind.MalformedOutput;
            _charm.Unit.Status = Status.Waiting(unreadable ? UnreadableMembershipMessage : MembershipUnavailableMessage);
            RetryLater(e, unreadable ? "cluster member list unreadable; retrying on a later hook" : "cluster membership unavailable; retrying on a later hook");
            return;
        }

        if (_charm.Unit.Status == Status.Waiting(MembershipUnavailableMessage) || _charm.Unit.Status == Status.Waiting(UnreadableMembershipMessage))
        {
            // The outage this library reported is over; do not leave the unit waiting for ever.
            _charm.Unit.Status = Status.Active();
        }

        if (members.AnyPending)
        {
            // Never wait in a hook: try again on the next one.
            RetryLater(e, "cluster has PENDING members; deciding the communicator on a later hook");
            return;
        }

        _stored.Remove(RetryQueuedKey);
        var own = relation.LocalUnitData;
        var mirrored = Mirror.RelevantData(relation, keepEmpty: true);
        var issued = ReadIssued();
        var cleanUp = DistributorSpeaksExtensions(relation);
        if (cleanUp)
        {
            DropPrunedKeys(relation, mirrored, issued);
        }

        if (members.Communicator == HostName)
        {
            own[MirrorKeys.MirrorKey] = MirrorKeys.Up;
            UpdateTokens(relation, members, mirrored, issued, cleanUp);
        }
        else if (own[MirrorKeys.MirrorKey] is { } current && current != MirrorKeys.Down && !HoldsDataTheDistributorLacks(relation, mirrored))
        {
            own[MirrorKeys.MirrorKey] = MirrorKeys.Down;
        }

        WriteIssued(issued);
    }

    /// <summary>
    /// Defers <paramref name="e"/> so the mirror step is retried at the start of the next hook, keeping at most one such
    /// retry queued: a re-emitted event keeps its place, a new one is deferred only when no retry is queued yet. The
    /// periodic update-status retries too, so nothing waits on a dropped notice.
    /// </summary>
    private void RetryLater(HookEvent e, string why)
    {
        _charm.Log.Debug(why);
        if (e.IsReemitted || !_stored.GetBoolean(RetryQueuedKey))
        {
            e.Defer();
            _stored.Set(RetryQueuedKey, true);
        }
    }

    /// <summary>
    /// With a distributor that prunes departed hosts: forgets this unit's token or joined marker for a host the
    /// distributor no longer mirrors at all (its unit left), so neither a stale token nor a stale marker is copied back
    /// when a unit with the same host name arrives later.
    /// </summary>
    private static void DropPrunedKeys(Relation relation, IReadOnlyDictionary<string, string> mirrored, Dictionary<string, DateTimeOffset> issued)
    {
        if (mirrored.Count == 0)
        {
            return;
        }

        var own = relation.LocalUnitData;
        foreach (var (key, value) in own.ToArray())
        {
            if (MirrorKeys.TryStripPrefix(key, out var host)
                && (value == ProtocolExtensions.JoinedMarker || issued.ContainsKey(host))
                && !mirrored.ContainsKey(host))
            {
                own.Remove(key);
                issued.Remove(host);
            }
        }
    }

    private void UpdateTokens(Relation relation, ClusterMembership members, IReadOnlyDictionary<string, string> mirrored, Dictionary<string, DateTimeOffset> issued, bool cleanUp)
    {
        var own = relation.LocalUnitData;
        var now = _options.TimeProvider.GetUtcNow();
        var adopted = ReadTimes(AdoptedKey);
        var stillAdopted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        foreach (var (key, value) in mirrored)
        {
            var mirrorKey = MirrorKeys.MirrorId(key);
            var held = own[mirrorKey];
            if (cleanUp && held == ProtocolExtensions.JoinedMarker && !members.Contains(key))
            {
                // The host joined once, left the cluster and is back (e.g. a new unit with the same host name): it
                // needs a fresh token, not the marker.
                Issue(relation, key, issued, now);
                continue;
            }

            if (held is null && ProtocolExtensions.LooksLikeJoinToken(value) && !members.Contains(key))
            {
                // A token an earlier communicator issued: it no longer looks after it, so if the token is never used
                // (expired, rejected) this unit re-issues it, a lifetime after it first saw it.
                var since = adopted.GetValueOrDefault(key, now);
                stillAdopted[key] = since;
                if (now - since >= _options.TokenLifetime)
                {
                    _charm.Log.Info($"the token another unit issued for {key} was not used within {_options.TokenLifetime}; issuing a new one");
                    Issue(relation, key, issued, now);
                }

                continue;
            }

            if (value != MirrorKeys.Empty || held is not null)
            {
                continue;
            }

            if (members.Contains(key))
            {
                // Already a member (e.g. the bootstrapper): a token would be refused ("name is taken").
                if (cleanUp)
                {
                    own[mirrorKey] = ProtocolExtensions.JoinedMarker;
                }

                continue;
            }

            Issue(relation, key, issued, now);
        }

        foreach (var (host, when) in issued.ToArray())
        {
            var mirrorKey = MirrorKeys.MirrorId(host);
            if (!own.ContainsKey(mirrorKey))
            {
                issued.Remove(host);
            }
            else if (members.Contains(host))
            {
                issued.Remove(host);
                if (cleanUp)
                {
                    own[mirrorKey] = ProtocolExtensions.JoinedMarker;
                }
            }
            else if (now - when >= _options.TokenLifetime)
            {
                _charm.Log.Info($"the token for {host} was not used within {_options.TokenLifetime}; issuing a new one");
                Issue(relation, host, issued, now);
            }
        }

        WriteTimes(AdoptedKey, stillAdopted);
    }

    private void Issue(Relation relation, string host, Dictionary<string, DateTimeOffset> issued, DateTimeOffset now)
    {
        string token;
        try
        {
            token = _cli.Add(host);
        }
        catch (ClusterCliException error)
        {
            _charm.Log.Warning($"could not generate a token for {host}: {error.Message}");
            return;
        }
        catch (ArgumentException error)
        {
            // The key came from relation data (any unit can mirror any key): one that is no valid member name, e.g.
            // "-rf", must not fail every hook of the communicator.
            _charm.Log.Warning($"could not generate a token for '{host}': {error.Message}");
            return;
        }

        Mirror.AddToMirror(relation, [new KeyValuePair<string, string>(host, token)]);
        issued[host] = now;
        Emit(new TokenGeneratedEvent(relation, host), TokenGenerated);
        _charm.Log.Info($"added token for {host}");
    }

    private static bool HoldsDataTheDistributorLacks(Relation relation, IReadOnlyDictionary<string, string> mirrored)
    {
        foreach (var (key, value) in relation.LocalUnitData)
        {
            if (MirrorKeys.TryStripPrefix(key, out var stripped) && (!mirrored.TryGetValue(stripped, out var held) || held != value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DistributorSpeaksExtensions(Relation relation)
        => Mirror.FindMirrors(relation).Any(u => ProtocolExtensions.Lists(relation.RemoteUnitData(u)[ProtocolExtensions.AdvertisementKey], ProtocolExtensions.ConsumedTokens));

    /// <summary>
    /// The cluster membership, listed at most once per hook; <see langword="null"/> when the CLI failed. With
    /// <paramref name="mayNotBeMember"/>, "not initialised" is an expected answer (this node may not be a member), not an error.
    /// </summary>
    private ClusterMembership? Membership(bool mayNotBeMember = false)
    {
        if (_membership is null && _membershipError is null)
        {
            try
            {
                _membership = _cli.List();
            }
            catch (ClusterCliException error) when (mayNotBeMember && error.Failure == ClusterFailure.NotInitialised)
            {
                // An expected answer here (this node may not be a member), not a failure.
                _membershipError = error;
                _charm.Log.Debug($"{HostName} is not a cluster member: {error.Message}");
            }
            catch (ClusterCliException error)
            {
                _membershipError = error;
                _charm.Log.Error($"{HostName} calling cluster list failed: {error.Message}");
            }
        }

        return _membership;
    }

    private Dictionary<string, DateTimeOffset> ReadIssued() => ReadTimes(IssuedKey);

    private void WriteIssued(Dictionary<string, DateTimeOffset> issued) => WriteTimes(IssuedKey, issued);

    private Dictionary<string, DateTimeOffset> ReadTimes(string storedKey)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in _stored.GetStringList(storedKey))
        {
            var eq = entry.LastIndexOf('=');
            if (eq > 0 && long.TryParse(entry.AsSpan(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                result[entry[..eq]] = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }

        return result;
    }

    private void WriteTimes(string storedKey, Dictionary<string, DateTimeOffset> times)
    {
        if (times.Count == 0)
        {
            _stored.Remove(storedKey);
            return;
        }

        _stored.Set(storedKey, times.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    private void Emit<TEvent>(TEvent e, Action<TEvent>? handlers)
        where TEvent : ClusterEvent
        => _charm.Framework.Emit(e, handlers);
}

using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Events;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The workload side of the token distributor protocol (the seed's <c>TokenConsumer</c>): publishes this unit's host
/// name, bootstraps the cluster (the bootstrap application's leader, or the unit the distributor grants it to), joins
/// with the token the distributor mirrors, and — on the communicator — generates tokens for the hosts that wait for
/// one. Construct it in the charm's constructor; it observes the hooks it needs (<see cref="ObservedEvents"/>).
/// Wire-compatible with the seed and v0.8 distributors, with the seed's hazards fixed (docs/protocol.md).
/// </summary>
public sealed class TokenConsumer : IConsumerEvents
{
    /// <summary>
    /// The component name the consumer contributes the unit's status under (<c>Unit.AddStatus</c>): its latest status in
    /// a hook replaces its earlier ones, and the charm's own contributions compete with it by priority.
    /// </summary>
    internal const string StatusComponent = "token-consumer";

    /// <summary>Status while the unit has no token distributor relation.</summary>
    public const string WaitingForRelationMessage = "Waiting for token distributor relation";

    /// <summary>Waiting status while <c>&lt;cli&gt; list -f json</c> fails (non-zero exit, timeout, not started); the mirror step is retried.</summary>
    public const string MembershipUnavailableMessage = "Cluster membership unavailable; will retry";

    /// <summary>Waiting status while <c>&lt;cli&gt; list -f json</c> succeeds but prints no readable member list; the mirror step is retried.</summary>
    public const string UnreadableMembershipMessage = "Cluster CLI printed unreadable member list; will retry";

    private readonly CharmBase _charm;
    private readonly ClusterCli _cli;
    private readonly ConsumerState _state;
    private readonly Bootstrapper _bootstrapper;
    private readonly Joiner _joiner;
    private readonly Communicator _communicator;

    /// <summary>Creates the consumer for the relation <paramref name="endpoint"/> and observes its hooks.</summary>
    /// <param name="charm">The charm (its constructor is the place to create the consumer).</param>
    /// <param name="endpoint">The <c>requires</c> endpoint related to the distributor, e.g. <c>cluster</c>.</param>
    /// <param name="command">The cluster CLI prefix, e.g. <c>microctl</c> or <c>microovn cluster</c>.</param>
    /// <param name="options">Tuning; see <see cref="TokenConsumerOptions"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="charm"/> or <paramref name="command"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' <c>PendingWait</c> is negative or <c>PendingPollInterval</c> not positive.</exception>
    public TokenConsumer(CharmBase charm, string endpoint, ClusterCommand command, TokenConsumerOptions? options = null)
    {
        _charm = charm ?? throw new ArgumentNullException(nameof(charm));
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(command);
        Endpoint = endpoint;
        options ??= new TokenConsumerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PendingWait, TimeSpan.Zero, "options.PendingWait");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PendingPollInterval, TimeSpan.Zero, "options.PendingPollInterval");
        if (options.TimeProvider == TimeProvider.System)
        {
            // The framework's clock: the system's on real Juju, the simulator's time when it runs the hook.
            options = options with { TimeProvider = charm.Context.Time };
        }

        // Each failure is logged once, by the step that decides what it means (with the exception's redacted message).
        _cli = new ClusterCli(command, charm.Context.ProcessRunner, options.CliTimeout, (level, message) => charm.Log.Log(level, message)) { LogFailures = false };
        _state = new ConsumerState(charm.Framework.GetStoredState("token-consumer/" + endpoint));
        var probe = new MembershipProbe(_cli, charm.Log, charm.Context.HostName);
        _bootstrapper = new Bootstrapper(charm, _cli, _state, this);
        _joiner = new Joiner(charm, _cli, _state, probe, options, this);
        _communicator = new Communicator(charm, _cli, _state, probe, options, this);
        ObservedHooks.Observe(charm.Framework, "token-consumer/" + endpoint, endpoint, ObservedEvents(endpoint), OnHook);
    }

    /// <summary>The relation endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>Whether this unit is a cluster member (kept in the unit's stored state).</summary>
    public bool InCluster => _state.InCluster;

    /// <summary>This unit's node name, as published in <c>hostname</c>.</summary>
    public string HostName => _charm.Context.HostName;

    /// <summary>Extra arguments for <c>&lt;cli&gt; bootstrap</c> (the seed's <c>bootstrap_args_func</c>).</summary>
    public Func<IReadOnlyList<string>>? BootstrapArguments
    {
        get => _bootstrapper.Arguments;
        set => _bootstrapper.Arguments = value;
    }

    /// <summary>Extra arguments for <c>&lt;cli&gt; join &lt;token&gt;</c> (the seed's <c>join_args_func</c>).</summary>
    public Func<IReadOnlyList<string>>? JoinArguments
    {
        get => _joiner.Arguments;
        set => _joiner.Arguments = value;
    }

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

    /// <summary>
    /// Publishes extra data for the distributor to mirror to every unit (<c>mirror-&lt;key&gt;</c> in this unit's
    /// databag); the seed's <c>add_to_mirror</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">There is no distributor relation yet.</exception>
    public void AddToMirror(IEnumerable<KeyValuePair<string, string>> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var relation = Relation ?? throw new InvalidOperationException($"There is no '{Endpoint}' relation yet; mirror data once the distributor is related.");
        MirrorReader.Publish(relation, data);
    }

    /// <summary>
    /// Whether the distributor copies this unit's mirrored values: this unit's databag on the relation says
    /// <c>mirror: up</c>, as the communicator's does (the consumer sets it in the hooks it handles). Only here does a value
    /// published with <see cref="PublishMirrorValue"/> reach the other units; <see langword="false"/> without a relation.
    /// </summary>
    public bool PublishesMirror => Relation?.LocalUnitData[WireKeys.MirrorKey] == WireKeys.Up;

    /// <summary>
    /// Publishes one value for the distributor to mirror to every unit as <c>mirror-&lt;key&gt;</c>, or refuses with the
    /// reason it would reach no other unit: the distributor copies <c>mirror-*</c> values only from a unit whose
    /// <c>mirror</c> key is <c>up</c> (<see cref="PublishesMirror"/>), keeps the last value it copied (a value cannot be
    /// withdrawn), and reads <c>empty</c> as no value. A generated <c>[MirrorKey]</c> setter writes through here.
    /// </summary>
    /// <param name="key">The key without the <c>mirror-</c> prefix.</param>
    /// <param name="value">The value: not <see langword="null"/>, empty or <c>empty</c>.</param>
    /// <param name="member">What is being set, for the messages (a <c>[MirrorKey]</c> property's name); the key when omitted.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty, or <paramref name="value"/> is null, empty or <c>empty</c>.</exception>
    /// <exception cref="InvalidOperationException">There is no relation yet, or this unit is not where the distributor copies values from.</exception>
    public void PublishMirrorValue(string key, string? value, string? member = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var what = member ?? $"'{WireKeys.MirrorPrefix}{key}'";
        if (string.IsNullOrEmpty(value) || value == WireKeys.Empty)
        {
            throw new ArgumentException(
                $"{what} cannot be set to {(value is null ? "null" : "'" + value + "'")}: the distributor keeps the last value it mirrored for '{key}' (a mirrored value cannot be withdrawn) and reads '{WireKeys.Empty}' as no value; set another value.",
                nameof(value));
        }

        var relation = Relation ?? throw new InvalidOperationException($"{what} cannot be set yet: there is no '{Endpoint}' relation. Set it once Relation is not null.");
        if (!PublishesMirror)
        {
            throw new InvalidOperationException(
                $"{what} cannot be set on host '{HostName}': the distributor mirrors values only from the communicator (the cluster member whose '{WireKeys.MirrorKey}' is '{WireKeys.Up}'), and this unit is not it, so no other unit would see the value. Set it where PublishesMirror is true.");
        }

        MirrorReader.Publish(relation, [new KeyValuePair<string, string>(key, value)]);
    }

    /// <summary>The corroborated mirrored value of <paramref name="key"/>, or <see langword="null"/> (also when there is no relation).</summary>
    /// <param name="key">The mirrored key without the <c>mirror-</c> prefix: a host name, or a key published with <see cref="AddToMirror"/>.</param>
    /// <param name="keepEmpty">Whether the <c>empty</c> placeholder counts as a value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public string? FindValue(string key, bool keepEmpty = true)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Relation is { } relation ? MirrorReader.FindValue(relation, key, keepEmpty) : null;
    }

    /// <summary>
    /// The join token the distributor mirrors for <paramref name="hostName"/>, corroborated across the mirrors;
    /// <see langword="null"/> when there is none yet (absent, or the <c>empty</c> placeholder), when the host has used it
    /// (the communicator replaced it with the joined marker), or without a relation. It is a cluster credential: never log it.
    /// </summary>
    /// <param name="hostName">The host's node name, as its unit publishes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hostName"/> is <see langword="null"/>.</exception>
    public string? TokenFor(string hostName)
    {
        var token = FindValue(hostName, keepEmpty: false);
        return token == WireKeys.JoinedMarker ? null : token;
    }

    /// <summary>
    /// Every key the distributor mirrors, without the <c>mirror-</c> prefix, in ordinal order: the host names of the
    /// consumer units it has seen and any extra values published with <see cref="AddToMirror"/>.
    /// </summary>
    public IReadOnlyList<string> MirroredKeys()
        => Relation is { } relation ? MirrorReader.RelevantData(relation, keepEmpty: true).Keys.Order(StringComparer.Ordinal).ToArray() : [];

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

    void IConsumerEvents.RaisePreBootstrap(Relation relation) => _charm.Framework.Emit(new ClusterPreBootstrapEvent(relation), PreBootstrap);

    void IConsumerEvents.RaiseBootstrapped(Relation relation)
    {
        _charm.Framework.Emit(new ClusterBootstrappedEvent(relation), Bootstrapped);
        _charm.Framework.Emit(new ClusterJoinedEvent(relation, bootstrapper: true), Joined);
    }

    void IConsumerEvents.RaisePreJoin(Relation relation) => _charm.Framework.Emit(new ClusterPreJoinEvent(relation), PreJoin);

    void IConsumerEvents.RaiseJoined(Relation relation) => _charm.Framework.Emit(new ClusterJoinedEvent(relation, bootstrapper: false), Joined);

    void IConsumerEvents.RaiseTokenGenerated(Relation relation, string hostName) => _charm.Framework.Emit(new TokenGeneratedEvent(relation, hostName), TokenGenerated);

    private void OnHook(HookEvent e)
    {
        switch (e)
        {
            case InstallEvent when Relation is null:
                _charm.Unit.AddStatus(Status.Maintenance(WaitingForRelationMessage), TokenConsumer.StatusComponent);
                break;
            case RemoveEvent:
                Leave();
                break;
            case UpdateStatusEvent when Relation is { } relation:
                // Leadership (or the distributor's bootstrap grant) may reach a unit after its relation hooks ran (e.g. the
                // leader left before bootstrapping); no relation hook may come any more, so update-status may bootstrap.
                Reconcile(relation, e, publish: false, mayBootstrap: true, mayJoin: false);
                break;
            case RelationCreatedEvent created:
                Reconcile(created.Relation, e, publish: true, mayBootstrap: false, mayJoin: false);
                break;
            case RelationJoinedEvent joined:
                Reconcile(joined.Relation, e, publish: true, mayBootstrap: true, mayJoin: false);
                break;
            case RelationChangedEvent changed:
                Reconcile(changed.Relation, e, publish: true, mayBootstrap: true, mayJoin: true);
                break;
        }
    }

    /// <summary>
    /// The one path of every relation hook and update-status: publish this unit, become a member (bootstrap, then join)
    /// where this hook may, run the mirror step on a member, and publish membership. A step that fails and defers the
    /// event halts the path before the mirror step.
    /// </summary>
    private void Reconcile(Relation relation, HookEvent e, bool publish, bool mayBootstrap, bool mayJoin)
    {
        if (publish)
        {
            relation.LocalUnitData[WireKeys.HostnameKey] = HostName;
            Negotiation.Publish(relation.LocalUnitData);
        }

        var progress = Progress.Continue;
        if (mayBootstrap && !InCluster)
        {
            progress = _bootstrapper.BootstrapIfAllowed(relation, e);
            if (progress == Progress.Continue && mayJoin && !InCluster)
            {
                progress = _joiner.JoinWithMirroredToken(relation, e);
            }
        }

        if (progress == Progress.Continue && InCluster)
        {
            _communicator.MirrorStep(relation, e);
        }

        PublishMembership(relation);
    }

    /// <summary>
    /// With a distributor that speaks the bootstrap grant: publishes whether this unit is a member and the fingerprints of
    /// the tokens it will never use, as of the end of this hook (they commit together with the stored state they
    /// describe). With any other distributor nothing is written: it sees the v0 protocol.
    /// </summary>
    private void PublishMembership(Relation relation)
    {
        ClusterBindingCheck.Publish(relation, _state);
        if (!Negotiation.ConsumerUsesBootstrapGrant(relation))
        {
            return;
        }

        var own = relation.LocalUnitData;
        own[WireKeys.ClusterMemberKey] = InCluster ? WireKeys.Yes : null;
        var renounced = _state.Renounced;
        own[WireKeys.RenouncedTokensKey] = renounced.Count > 0 ? string.Join(',', renounced) : null;
        NameBootstrapper(relation);
    }

    /// <summary>
    /// A leader that is a member while the distributor knows no bootstrapper (no grant, no <c>cluster-bootstrapped-by</c>:
    /// the cluster formed where this distributor did not see it, under the seed's library or beside a distributor
    /// deployed anew) names itself in <c>cluster-bootstrapped-by</c>. The distributor then adopts it as the grant's holder
    /// and relays its fingerprint, so a cluster of one member grows too (docs/security.md, "Findings"). The leader speaks
    /// for the application; one non-leader unit's claim does not.
    /// </summary>
    private void NameBootstrapper(Relation relation)
    {
        if (!InCluster || !_charm.Unit.IsLeader || relation.LocalAppData[WireKeys.BootstrappedByKey] is not null
            || relation.RemoteAppData?[WireKeys.BootstrapUnitKey] is not null)
        {
            return;
        }

        _charm.Log.Info($"naming {_charm.Unit.Name} in {WireKeys.BootstrappedByKey}: it leads an application in a cluster for which the distributor records no bootstrapper");
        relation.LocalAppData[WireKeys.BootstrappedByKey] = _charm.Unit.Name;
    }

    /// <summary>On <c>remove</c>: a member leaves the cluster; the last member ends it.</summary>
    private void Leave()
    {
        if (!InCluster)
        {
            return;
        }

        try
        {
            _cli.Remove(HostName);
            _state.InCluster = false;
            _state.ClusterFingerprint = null;
            _state.BootstrappedUnderBinding = false;
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.LastMember)
        {
            // The last member cannot leave its own cluster: the cluster goes away with the unit. Not an error.
            _charm.Log.Info($"{HostName} is the last cluster member; the cluster ends with this unit ({error.Message})");
            _state.InCluster = false;
            _state.ClusterFingerprint = null;
            _state.BootstrappedUnderBinding = false;
        }
        catch (ClusterCliException error)
        {
            _charm.Log.Error($"failed removing {HostName} from cluster: {error.Message}");
        }
    }
}

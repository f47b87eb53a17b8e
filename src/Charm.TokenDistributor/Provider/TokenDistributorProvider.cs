using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// The distributor side of the token distributor protocol (the seed's <c>TokenDistributorProvides</c>, with the v0.8
/// additions): the leader is the mirror. It collects every consumer unit's host name as <c>mirror-&lt;host&gt;=empty</c>,
/// copies the communicator's <c>mirror-*</c> values, names the one consumer application allowed to bootstrap, and
/// prunes the keys of hosts whose units left. With consumers that speak the bootstrap-grant extension it also grants the
/// bootstrap to one consumer unit and records the fingerprints of the tokens it mirrors. The mirror is merged across the
/// endpoint's relations, as v0.8 merges it, unless <see cref="TokenDistributorProviderOptions.IsolateRelations"/> keeps
/// them apart. Construct it in the charm's constructor; it observes the hooks it needs (<see cref="ObservedEvents"/>).
/// </summary>
public sealed class TokenDistributorProvider
{
    private readonly CharmBase _charm;
    private readonly DepartureWitness _witness;
    private readonly HostLedger _ledger;
    private readonly BootstrapGrant _grant;
    private readonly RelationIsolation _isolation;

    /// <summary>Creates the provider for the <c>provides</c> endpoint <paramref name="endpoint"/> and observes its hooks.</summary>
    /// <param name="charm">The charm (its constructor is the place to create the provider).</param>
    /// <param name="endpoint">The <c>provides</c> endpoint, e.g. <c>microcluster-cluster</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="charm"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is <see langword="null"/> or empty.</exception>
    public TokenDistributorProvider(CharmBase charm, string endpoint)
        : this(charm, endpoint, null)
    {
    }

    /// <summary>Creates the provider for the <c>provides</c> endpoint <paramref name="endpoint"/> with <paramref name="options"/> and observes its hooks.</summary>
    /// <param name="charm">The charm (its constructor is the place to create the provider).</param>
    /// <param name="endpoint">The <c>provides</c> endpoint, e.g. <c>microcluster-cluster</c>.</param>
    /// <param name="options">The choices; <see langword="null"/> for the defaults (v0.8's behaviour).</param>
    /// <exception cref="ArgumentNullException"><paramref name="charm"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is <see langword="null"/> or empty.</exception>
    public TokenDistributorProvider(CharmBase charm, string endpoint, TokenDistributorProviderOptions? options)
    {
        _charm = charm ?? throw new ArgumentNullException(nameof(charm));
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        Endpoint = endpoint;
        Options = options ?? new TokenDistributorProviderOptions();
        _witness = new DepartureWitness(charm.Framework.GetStoredState("token-distributor/" + endpoint));
        _ledger = new HostLedger(charm.Log);
        _grant = new BootstrapGrant(charm.Log, _witness);
        _isolation = new RelationIsolation(charm.Log, _ledger, _grant);
        ObservedHooks.Observe(charm.Framework, "token-distributor/" + endpoint, endpoint, ObservedEvents(endpoint), OnHook);
    }

    /// <summary>The relation endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>The choices this provider runs with.</summary>
    public TokenDistributorProviderOptions Options { get; }

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

    /// <summary>Runs the distributor's step for every relation on the endpoint: mirror on the leader, mirror down elsewhere.</summary>
    public void Step()
    {
        var relations = _charm.Model.Relations(Endpoint);
        foreach (var relation in relations)
        {
            Negotiation.Publish(relation.LocalUnitData);
        }

        if (!_charm.Unit.IsLeader)
        {
            var published = PublishedHosts.Read(relations, log: null);
            MirrorCopy.TakeDown(relations, _witness.DepartedHosts(published.Names), _charm.Log);
            if (Options.IsolateRelations)
            {
                _isolation.TakeDown(relations, published);
            }

            return;
        }

        var hosts = PublishedHosts.Read(relations, _charm.Log);
        if (Options.IsolateRelations)
        {
            _isolation.Lead(relations, hosts, _witness.DepartedHosts(hosts.Names), _witness);
            return;
        }

        var pruned = _ledger.Update(relations, hosts, _witness.DepartedHosts(hosts.Names), _witness);
        LeaderStep.MirrorAndGrant(relations, hosts, pruned, BootstrapApp.Elect(relations), _grant, _charm.Log);
    }

    private void OnHook(HookEvent e)
    {
        if (e is RelationDepartedEvent departed)
        {
            // Seen leaving by this unit: only a departure some distributor unit witnessed lets a leader prune its host or
            // move the bootstrap grant away from it.
            _witness.Witness(departed);
        }

        Step();
    }
}

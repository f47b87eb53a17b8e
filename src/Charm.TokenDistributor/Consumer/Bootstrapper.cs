using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The consumer's bootstrap step: by v0's rule (the leader of the bootstrap application, while the mirror holds no data
/// and no earlier leader bootstrapped), or under the bootstrap grant (only the unit the grant names).
/// docs/protocol.md, "Consumer behaviour (seed, v0.8)" and "The project's extensions".
/// </summary>
internal sealed class Bootstrapper(CharmBase charm, ClusterCli cli, ConsumerState state, IConsumerEvents events)
{
    /// <summary>Extra arguments for <c>&lt;cli&gt; bootstrap</c>.</summary>
    public Func<IReadOnlyList<string>>? Arguments { get; set; }

    /// <summary>Bootstraps the cluster if this unit may now; <see cref="Progress.Halt"/> when the bootstrap failed (deferred).</summary>
    public Progress BootstrapIfAllowed(Relation relation, HookEvent e)
    {
        if (!state.InCluster && ClusterBindingCheck.Relayed(relation) is not null)
        {
            // No second bootstrap: the distributor relays the certificate fingerprint of a cluster its members report, so
            // that cluster exists; this unit joins it (the relay goes only when the grant moves to form a new one).
            charm.Log.Debug("not bootstrapping: the distributor relays the fingerprint of an existing cluster");
            return Progress.Continue;
        }

        return Negotiation.ConsumerUsesBootstrapGrant(relation) ? UnderGrant(relation, e) : UnderV0(relation, e);
    }

    private Progress UnderV0(Relation relation, HookEvent e)
    {
        if (!charm.Unit.IsLeader || MirrorReader.AnyDataExists(relation))
        {
            return Progress.Continue;
        }

        if (relation.LocalAppData[WireKeys.BootstrappedByKey] is { } by)
        {
            // Split-brain guard: a leader before us bootstrapped; wait for its token instead.
            charm.Log.Debug($"not bootstrapping: {LogText.Remote(by)} already bootstrapped the cluster");
            return Progress.Continue;
        }

        var bootstrapApp = relation.RemoteAppData?[WireKeys.BootstrapAppKey];
        if (bootstrapApp is not null && bootstrapApp != charm.App.Name)
        {
            return Progress.Continue;
        }

        if (bootstrapApp is null && MirrorReader.Mirrors(relation).Count == 0)
        {
            // The distributor's leader has not written anything yet (relation-joined can run first): whether it is a seed
            // distributor, or one that will name another application in bootstrap-app, is not known. Wait for it.
            charm.Unit.AddStatus(Status.Waiting("Waiting for the token distributor"), TokenConsumer.StatusComponent);
            return Progress.Continue;
        }

        if (bootstrapApp is null && Negotiation.ConsumerUsesConsumedTokens(relation))
        {
            // Our distributor always names the bootstrap application; wait for it rather than race another app.
            charm.Unit.AddStatus(Status.Waiting("Waiting for the distributor to choose the bootstrap application"), TokenConsumer.StatusComponent);
            return Progress.Continue;
        }

        return Bootstrap(relation, e);
    }

    /// <summary>
    /// Under the bootstrap grant this unit bootstraps only while the distributor's grant names it, whether or not it leads
    /// its application. The grant moves only after this unit has departed, so a bootstrap whose hook failed before its
    /// commit is retried by this unit ("already initialised"), never repeated by another.
    /// </summary>
    private Progress UnderGrant(Relation relation, HookEvent e)
    {
        var grantee = relation.RemoteAppData?[WireKeys.BootstrapUnitKey];
        if (grantee is null)
        {
            charm.Unit.AddStatus(Status.Waiting("Waiting for the distributor to grant the bootstrap"), TokenConsumer.StatusComponent);
            return Progress.Continue;
        }

        if (grantee != charm.Unit.Name)
        {
            return Progress.Continue;
        }

        if (GrantContradicted(relation) is { } why)
        {
            // The grant alone is not enough: a second bootstrap would make a second cluster. Join it instead.
            charm.Log.Warning($"not bootstrapping although the distributor's grant names {charm.Unit.Name}: {why}");
            charm.Unit.AddStatus(Status.Waiting("Waiting for a join token"), TokenConsumer.StatusComponent);
            return Progress.Continue;
        }

        return Bootstrap(relation, e);
    }

    /// <summary>
    /// Why the grant must not be acted on, when the relation shows that a cluster exists already: a distributor unit
    /// holds a join token or a joined marker under <c>mirror-*</c>. (This application's <c>cluster-bootstrapped-by</c> is
    /// not enough on its own: it may name a unit that left with the last member of its cluster, docs/protocol.md F-1.)
    /// <see langword="null"/> when nothing contradicts the grant.
    /// </summary>
    private string? GrantContradicted(Relation relation)
    {
        if (state.InCluster || !MirrorReader.AnyDataExists(relation))
        {
            return null;
        }

        return "the distributor already mirrors join tokens or joined members, so a cluster exists";
    }

    private Progress Bootstrap(Relation relation, HookEvent e)
    {
        var hostName = charm.Context.HostName;
        events.RaisePreBootstrap(relation);
        try
        {
            cli.Bootstrap(Arguments?.Invoke() ?? []);
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.AlreadyInitialised)
        {
            // A previous attempt bootstrapped but its hook failed before the state was saved: we are the cluster.
            charm.Log.Info($"{hostName} was already bootstrapped; recording it ({error.Message})");
        }
        catch (ClusterCliException error)
        {
            charm.Log.Error($"{hostName} unable to bootstrap cluster: {error.Message}");
            charm.Unit.AddStatus(Status.Blocked("Unable to bootstrap cluster"), TokenConsumer.StatusComponent);
            e.Defer();
            return Progress.Halt;
        }

        state.RecordMembership();
        state.BootstrappedUnderBinding = ClusterBindingCheck.InUse(relation);
        if (charm.Unit.IsLeader)
        {
            // The v0 split-brain guard (read only without the bootstrap grant); a granted non-leader cannot write it.
            relation.LocalAppData[WireKeys.BootstrappedByKey] = charm.Unit.Name;
        }

        charm.Unit.AddStatus(Status.Active("Cluster bootstrapped"), TokenConsumer.StatusComponent);
        events.RaiseBootstrapped(relation);
        return Progress.Continue;
    }
}

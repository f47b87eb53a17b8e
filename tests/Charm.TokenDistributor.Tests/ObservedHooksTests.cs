using Charm.Framework.Events;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;

namespace Charm.TokenDistributor.Tests;

/// <summary>
/// Which hooks each role observes, as the runtime says (the generated <c>HandledHooks</c> is made from these lists, and
/// each role's constructor observes exactly its list).
/// </summary>
public sealed class ObservedHooksTests
{
    [Fact]
    public void The_observed_events_of_each_role_are_the_hooks_it_handles()
    {
        // The seed's consumer (LIBPATCH 2) observes install, remove and its endpoint's relation-created and relation-changed;
        // this project's adds relation-joined and update-status (a bootstrap may only become possible later). The seed's
        // provider observes leader-elected and relation-changed; this project's adds leader-settings-changed,
        // relation-created and relation-departed (the departure witness).
        Assert.Equal(
            ["install", "remove", "update-status", "cluster-relation-created", "cluster-relation-joined", "cluster-relation-changed"],
            TokenConsumer.ObservedEvents("cluster").Select(k => k.HookName));
        Assert.Equal(
            ["leader-elected", "leader-settings-changed", "microcluster-cluster-relation-created", "microcluster-cluster-relation-changed", "microcluster-cluster-relation-departed"],
            TokenDistributorProvider.ObservedEvents("microcluster-cluster").Select(k => k.HookName));
        Assert.Equal(
            ["cluster-relation-changed", "cluster-relation-created", "cluster-relation-joined", "install", "leader-elected", "remove", "update-status"],
            ObservedHooks.Names(TokenConsumer.ObservedEvents("cluster"), [EventKey.LeaderElected, EventKey.Install]));
        Assert.Throws<ArgumentException>(() => TokenConsumer.ObservedEvents(""));
        Assert.Throws<ArgumentNullException>(() => TokenDistributorProvider.ObservedEvents(null!));
    }
}

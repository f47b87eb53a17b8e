using Charm.Testing;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using Charm.TokenDistributor.Tests.Support;

public sealed class ProviderBootstrapAppTests
{
    [Fact]
    public void A_bootstrap_app_that_is_no_longer_related_is_re_elected()
    {
        var h = new ProviderHarness();
        var relation = ProviderRelation(2, "second-workload")
            .WithRemoteUnit(0, Bag(("hostname", "node-x")))
            .WithLocalAppData(Bag(("bootstrap-app", "gone-workload")));

        var result = h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal("second-workload", result.Output.GetRelation(2).LocalAppData["bootstrap-app"]);
    }

    [Fact]
    public void A_bootstrap_app_that_is_still_related_is_kept()
    {
        var h = new ProviderHarness();
        var first = ProviderRelation(1, "first-workload").WithRemoteUnit(0, Bag(("hostname", "node-a")));
        var second = ProviderRelation(2, "second-workload")
            .WithRemoteUnit(0, Bag(("hostname", "node-x")))
            .WithLocalAppData(Bag(("bootstrap-app", "second-workload")));

        var result = h.Run(Hook.RelationChanged(first, 0), new State { Leader = true }.WithRelation(first).WithRelation(second)).EnsureSuccess();

        Assert.Equal("second-workload", result.Output.GetRelation(1).LocalAppData["bootstrap-app"]);
        Assert.Equal("second-workload", result.Output.GetRelation(2).LocalAppData["bootstrap-app"]);
    }
}

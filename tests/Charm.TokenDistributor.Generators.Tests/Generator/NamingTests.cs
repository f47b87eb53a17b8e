using Charm.TokenDistributor.Generators.Common;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>How endpoint names become member names (shared with the analyzers).</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("cluster", "Cluster")]
    [InlineData("microcluster-cluster", "MicroclusterCluster")]
    [InlineData("ceph_cluster", "CephCluster")]
    [InlineData("db2", "Db2")]
    [InlineData("a-b-c", "ABC")]
    [InlineData("my--peers", "MyPeers")]
    [InlineData("2nd-cluster", "_2ndCluster")]
    [InlineData("-", "")]
    [InlineData("", "")]
    public void Endpoints_become_pascal_case(string endpoint, string expected)
        => Assert.Equal(expected, Naming.ToPascalCase(endpoint));

    [Fact]
    public void Hook_methods_and_surfaces_are_named_after_the_relation()
    {
        Assert.Equal(
            ["OnClusterPreBootstrap", "OnClusterBootstrapped", "OnClusterPreJoin", "OnClusterJoined", "OnClusterTokenGenerated", "OnClusterBootstrapArguments", "OnClusterJoinArguments"],
            Naming.ConsumerHooks.Select(h => Naming.HookMethodName("Cluster", h)));
        Assert.Equal("MicroclusterClusterTokenDistributor", Naming.SurfaceClassName("MicroclusterCluster"));
    }
}

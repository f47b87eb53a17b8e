using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Tests.Protocol;

/// <summary>The wire keys and values, as the seed (LIBPATCH 2), v0.8 and this project's extensions write them.</summary>
public sealed class WireKeysTests
{
    [Fact]
    public void The_v0_keys_and_values_are_the_seeds()
    {
        Assert.Equal("mirror-", WireKeys.MirrorPrefix);
        Assert.Equal("empty", WireKeys.Empty);
        Assert.Equal("mirror", WireKeys.MirrorKey);
        Assert.Equal("hostname", WireKeys.HostnameKey);
        Assert.Equal("up", WireKeys.Up);
        Assert.Equal("down", WireKeys.Down);
        Assert.Equal("bootstrap-app", WireKeys.BootstrapAppKey);
    }

    [Fact]
    public void The_extension_keys_and_values_are_the_projects()
    {
        Assert.Equal("token-distributor-extensions", WireKeys.ExtensionsKey);
        Assert.Equal("consumed-tokens,bootstrap-grant,cluster-binding", WireKeys.Advertised);
        Assert.Equal("joined", WireKeys.JoinedMarker);
        Assert.Equal("cluster-bootstrap-unit", WireKeys.BootstrapUnitKey);
        Assert.Equal("cluster-token-fingerprints", WireKeys.TokenFingerprintsKey);
        Assert.Equal("cluster-member", WireKeys.ClusterMemberKey);
        Assert.Equal("yes", WireKeys.Yes);
        Assert.Equal("renounced-tokens", WireKeys.RenouncedTokensKey);
        Assert.Equal("cluster-bootstrapped-by", WireKeys.BootstrappedByKey);
        Assert.Equal("cluster-host-units", WireKeys.HostUnitsKey);

        // None of them is read by a v0 provider's copy, which takes every mirror- key of the communicator.
        Assert.All(
            new[] { WireKeys.ExtensionsKey, WireKeys.BootstrapUnitKey, WireKeys.TokenFingerprintsKey, WireKeys.ClusterMemberKey, WireKeys.RenouncedTokensKey, WireKeys.BootstrappedByKey, WireKeys.HostUnitsKey },
            key => Assert.DoesNotContain("mirror-", key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("machine-0", "mirror-machine-0")]
    [InlineData("node.example.com", "mirror-node.example.com")]
    [InlineData("", "mirror-")]
    [InlineData("mirror-x", "mirror-mirror-x")]
    [InlineData("ünï", "mirror-ünï")]
    public void MirrorKeyOf_prepends_the_prefix(string key, string expected) => Assert.Equal(expected, WireKeys.MirrorKeyOf(key));

    [Theory]
    [InlineData("mirror-machine-0", true)]
    [InlineData("mirror-", true)]
    [InlineData("mirror", false)]
    [InlineData("hostname", false)]
    [InlineData("Mirror-machine-0", false)]
    [InlineData("x-mirror-machine-0", false)]
    [InlineData("", false)]
    public void IsMirrorKey_tests_the_start_only(string key, bool expected) => Assert.Equal(expected, WireKeys.IsMirrorKey(key));

    [Theory]
    [InlineData("mirror-machine-0", "machine-0")]
    [InlineData("mirror-", "")]
    [InlineData("mirror-mirror-x", "mirror-x")]
    public void TryGetMirroredName_removes_exactly_the_prefix(string key, string expected)
    {
        Assert.True(WireKeys.TryGetMirroredName(key, out var name));
        Assert.Equal(expected, name);
        Assert.Equal(key, WireKeys.MirrorKeyOf(name));
    }

    [Theory]
    [InlineData("mirror")]
    [InlineData("hostname")]
    [InlineData("x-mirror-a")]
    public void TryGetMirroredName_refuses_keys_without_the_prefix(string key)
    {
        Assert.False(WireKeys.TryGetMirroredName(key, out var name));
        Assert.Equal("", name);
    }

    [Theory]
    [InlineData("node-a", true)]
    [InlineData("mirror-node-a", true)]
    [InlineData("node a", false)]
    [InlineData("node\ta", false)]
    [InlineData("a=b", false)]
    [InlineData("node\n", false)]
    public void A_key_with_white_space_or_an_equals_sign_is_not_writable(string key, bool writable)
        => Assert.Equal(writable, WireKeys.IsWritableKey(key));
}

using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Tests.Protocol;

public sealed class MirrorKeysTests
{
    [Fact]
    public void Constants_are_the_wire_values()
    {
        Assert.Equal("mirror-", MirrorKeys.Prefix);
        Assert.Equal("empty", MirrorKeys.Empty);
        Assert.Equal("mirror", MirrorKeys.MirrorKey);
        Assert.Equal("hostname", MirrorKeys.HostnameKey);
        Assert.Equal("up", MirrorKeys.Up);
        Assert.Equal("down", MirrorKeys.Down);
        Assert.Equal("bootstrap-app", MirrorKeys.BootstrapAppKey);
    }

    [Theory]
    [InlineData("machine-0", "mirror-machine-0")]
    [InlineData("node.example.com", "mirror-node.example.com")]
    [InlineData("", "mirror-")]
    [InlineData("mirror-x", "mirror-mirror-x")]
    [InlineData("ünï", "mirror-ünï")]
    public void MirrorId_prepends_the_prefix(string key, string expected) => Assert.Equal(expected, MirrorKeys.MirrorId(key));

    [Theory]
    [InlineData("mirror-machine-0", true)]
    [InlineData("mirror-", true)]
    [InlineData("mirror", false)]
    [InlineData("hostname", false)]
    [InlineData("Mirror-machine-0", false)]
    [InlineData("x-mirror-machine-0", false)]
    [InlineData("", false)]
    public void IsMirrorKey_tests_the_start_only(string key, bool expected) => Assert.Equal(expected, MirrorKeys.IsMirrorKey(key));

    [Theory]
    [InlineData("mirror-machine-0", "machine-0")]
    [InlineData("mirror-", "")]
    [InlineData("mirror-mirror-x", "mirror-x")]
    public void StripPrefix_removes_exactly_the_prefix(string key, string expected)
    {
        Assert.Equal(expected, MirrorKeys.StripPrefix(key));
        Assert.True(MirrorKeys.TryStripPrefix(key, out var rest));
        Assert.Equal(expected, rest);
        Assert.Equal(key, MirrorKeys.MirrorId(MirrorKeys.StripPrefix(key)));
    }

    [Theory]
    [InlineData("mirror")]
    [InlineData("hostname")]
    [InlineData("x-mirror-a")]
    public void StripPrefix_rejects_keys_without_the_prefix(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => MirrorKeys.StripPrefix(key));
        Assert.Contains("mirror-", e.Message, StringComparison.Ordinal);
        Assert.False(MirrorKeys.TryStripPrefix(key, out var rest));
        Assert.Equal("", rest);
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => MirrorKeys.MirrorId(null!));
        Assert.Throws<ArgumentNullException>(() => MirrorKeys.IsMirrorKey(null!));
        Assert.Throws<ArgumentNullException>(() => MirrorKeys.StripPrefix(null!));
    }
}

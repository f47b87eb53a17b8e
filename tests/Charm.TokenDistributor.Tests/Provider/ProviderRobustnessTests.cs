using Charm.Framework.Model;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Provider;

using State = Charm.Testing.State;

/// <summary>Malformed consumer data never fails the distributor's hooks (one bad unit must not stop the mirror for all).</summary>
public sealed class ProviderRobustnessTests
{
    private readonly ProviderHarness _h = new();

    [Theory]
    [InlineData("bad host")]
    [InlineData("bad\nhost")]
    [InlineData("a=b")]
    [InlineData("tab\there")]
    public void A_host_name_that_cannot_be_a_databag_key_is_skipped_with_a_warning_and_the_rest_is_mirrored(string host)
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "tokC")))
            .WithRemoteUnit(1, Bag(("hostname", host)))
            .WithRemoteUnit(2, Bag(("hostname", "node-c")));

        var result = _h.Run(Hook.RelationChanged(relation, 1), new State { Leader = true }.WithRelation(relation));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(
            Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-c", "tokC"), Advertisement.ToTuple()),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public void A_one_megabyte_token_is_mirrored_intact()
    {
        var token = new string('t', 1024 * 1024);
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", token)))
            .WithRemoteUnit(1, Bag(("hostname", "node-b")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal(token, result.Output.GetRelation(1).LocalUnitData["mirror-node-b"]);
        Assert.All(result.Logs, l => Assert.DoesNotContain(token[..64], l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Remote_units_with_empty_or_garbage_databags_are_ignored()
    {
        var relation = ProviderRelation()
            .WithRemoteUnit(0)
            .WithRemoteUnit(1, Bag(("mirror", "UP"), ("mirror-x", "not-copied")))
            .WithRemoteUnit(2, Bag(("mirror", "up"), ("mirror-", "empty-suffix"), ("mirror-y", "copied")));

        var result = _h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.False(own.ContainsKey("mirror-x"));
        Assert.Equal("copied", own["mirror-y"]);
        Assert.Equal("empty-suffix", own["mirror-"]);
    }
}

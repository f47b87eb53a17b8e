using Charm.Testing;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Interop;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Protocol;

/// <summary>
/// <see cref="MirrorReader.RelevantData"/> called directly, against the seed's <c>get_relevant_mirror_data</c>
/// (docs/protocol.md, "Reading the mirror"; ported line by line in <see cref="SeedLibrary"/>).
/// </summary>
public sealed class MirrorReaderTests
{
    /// <summary>Three mirrors and a unit whose mirror is down; keys chosen to exercise each rule of the seed function.</summary>
    private static RelationState Mirrors()
        => ConsumerRelation()
            .WithRemoteUnit(0, Bag(
                ("mirror", "up"),
                ("hostname", "ignored"),
                ("mirror-node-a", "empty"),
                ("mirror-node-b", "empty"),
                ("mirror-only-empty", "empty"),
                ("mirror-majority", "tokA"),
                ("mirror-tie", "tokA"),
                ("x-mirror-contains", "not a prefix")))
            .WithRemoteUnit(1, Bag(("mirror", "up"), ("mirror-node-b", "tokB"), ("mirror-majority", "tokB"), ("mirror-tie", "tokB"), ("mirror-only-empty", "empty")))
            .WithRemoteUnit(2, Bag(("mirror", "up"), ("mirror-majority", "tokB"), ("mirror-ca", "PEM")))
            .WithRemoteUnit(3, Bag(("mirror", "down"), ("mirror-on-down-unit", "tokD"), ("mirror-tie", "tokA"), ("mirror-node-a", "tokA")));

    private static IReadOnlyDictionary<string, string> Ours(RelationState relation, bool keepEmpty)
    {
        IReadOnlyDictionary<string, string>? data = null;
        var h = new ConsumerHarness(constructed: c => data = MirrorReader.RelevantData(c.Consumer!.Relation!, keepEmpty));
        h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();
        return data ?? throw new InvalidOperationException("the charm was not constructed");
    }

    private static IReadOnlyDictionary<string, string> Seeds(RelationState relation, bool keepEmpty)
        => SeedLibrary.RelevantMirrorData(relation.RemoteUnitsData.Values, keepEmpty);

    [Fact]
    public void Without_keep_empty_placeholders_are_left_out_before_corroboration()
    {
        var data = Ours(Mirrors(), keepEmpty: false);

        // node-a and only-empty hold nothing but placeholders; node-b's placeholder does not count against tokB; the down
        // unit and a key that merely contains "mirror-" are not read.
        // First-seen order across the mirrors in Juju's order, each databag's keys as the agent lists them (sorted).
        Assert.Equal(["majority", "tie", "node-b", "ca"], data.Keys);
        Assert.Equal("tokB", data["node-b"]);
        Assert.Equal("tokB", data["majority"]);
        Assert.Equal("tokA", data["tie"]);
        Assert.Equal("PEM", data["ca"]);
    }

    [Fact]
    public void With_keep_empty_a_key_that_is_empty_everywhere_is_reported_as_empty()
    {
        var data = Ours(Mirrors(), keepEmpty: true);

        Assert.Equal(["majority", "node-a", "node-b", "only-empty", "tie", "ca"], data.Keys);
        Assert.Equal("empty", data["node-a"]);
        Assert.Equal("empty", data["only-empty"]);
        Assert.Equal("tokB", data["node-b"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keys_values_and_order_are_the_seeds(bool keepEmpty)
    {
        var relation = Mirrors();

        Assert.Equal(Seeds(relation, keepEmpty).ToArray(), Ours(relation, keepEmpty).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_mirrors_there_is_no_data(bool keepEmpty)
    {
        var relation = ConsumerRelation().WithRemoteUnit(0, Bag(("mirror", "down"), ("mirror-node-a", "tokA"))).WithRemoteUnit(1, Bag(("mirror-node-b", "tokB")));

        Assert.Empty(Ours(relation, keepEmpty));
        Assert.Empty(Seeds(relation, keepEmpty));
    }

    [Fact]
    public void A_single_mirror_holding_only_placeholders_gives_nothing_without_keep_empty()
    {
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));

        Assert.Empty(Ours(relation, keepEmpty: false));
        Assert.Equal(Seeds(relation, keepEmpty: true).ToArray(), Ours(relation, keepEmpty: true).ToArray());
    }
}

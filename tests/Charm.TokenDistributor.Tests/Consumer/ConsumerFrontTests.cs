using Charm.Testing;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

/// <summary>
/// The consumer's public reads that the generated charm surface is a thin call to (TokenFor, HostNames): the runtime owns
/// these protocol facts, so the generator does not re-encode them.
/// </summary>
public sealed class ConsumerFrontTests
{
    [Fact]
    public void TokenFor_gives_the_corroborated_token_and_nothing_for_a_placeholder_a_joined_marker_or_a_missing_host()
    {
        var found = new Dictionary<string, string?>();
        var h = new ConsumerHarness(constructed: c =>
        {
            foreach (var host in new[] { "node-a", "node-b", "node-c", "node-d" })
            {
                found[host] = c.Consumer!.TokenFor(host);
            }
        });
        // Seed mirror: mirror-<host> holds the token, "empty" before one exists; "joined" is the consumed-tokens marker.
        var relation = ConsumerRelationWith(OurMirror(("node-a", "tokA"), ("node-b", "empty"), ("node-c", "joined")));

        h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal("tokA", found["node-a"]);
        Assert.Null(found["node-b"]);
        Assert.Null(found["node-c"]);
        Assert.Null(found["node-d"]);
    }

    [Fact]
    public void TokenFor_without_a_relation_is_null()
    {
        string? found = "unset";
        var h = new ConsumerHarness(constructed: c => found = c.Consumer!.TokenFor("node-a"));

        h.Run(Hook.Install, h.State()).EnsureSuccess();

        Assert.Null(found);
    }

    [Fact]
    public void HostNames_are_the_mirrored_keys_without_the_declared_data_keys_in_ordinal_order()
    {
        IReadOnlyList<string>? all = null, hosts = null, noneDeclared = null;
        var h = new ConsumerHarness(constructed: c =>
        {
            all = c.Consumer!.MirroredKeys();
            hosts = c.Consumer.HostNames("ca-cert", "api-endpoint");
            noneDeclared = c.Consumer.HostNames();
        });
        var relation = ConsumerRelationWith(OurMirror(("node-b", "empty"), ("ca-cert", "PEM"), ("node-a", "tokA")));

        h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Equal(["ca-cert", "node-a", "node-b"], all);
        Assert.Equal(["node-a", "node-b"], hosts);
        Assert.Equal(all, noneDeclared);
    }

    [Fact]
    public void A_hook_the_consumer_does_not_observe_leaves_the_relation_alone()
    {
        var h = new ConsumerHarness();
        var relation = ConsumerRelationWith(OurMirror(("node-a", "empty")));

        var departed = h.Run(Hook.RelationDeparted(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();
        var changed = h.Run(Hook.RelationChanged(relation, 0), h.State().WithRelation(relation)).EnsureSuccess();

        Assert.Empty(departed.RelationSets);
        Assert.NotEmpty(changed.RelationSets);
    }

    [Fact]
    public void PublishMirrorValue_writes_the_key_where_the_distributor_copies_from()
    {
        bool? publishes = null;
        var h = new ConsumerHarness(constructed: c =>
        {
            publishes = c.Consumer!.PublishesMirror;
            c.Consumer.PublishMirrorValue("ca-cert", "PEM");
        });
        // The distributor copies mirror-* only from a unit whose own databag says mirror: up (the communicator).
        var relation = ConsumerRelationWith(OurMirror(("node-a", "empty"))).WithLocalUnitData([new("mirror", "up")]);

        var result = h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        Assert.True(publishes);
        Assert.Equal("PEM", result.Output.GetRelation(1).LocalUnitData["mirror-ca-cert"]);
    }

    [Fact]
    public void PublishMirrorValue_refuses_a_unit_the_distributor_does_not_copy_from_and_says_where_to_set_it()
    {
        Exception? refused = null;
        bool? publishes = null;
        var h = new ConsumerHarness(constructed: c =>
        {
            publishes = c.Consumer!.PublishesMirror;
            refused = Record.Exception(() => c.Consumer.PublishMirrorValue("ca-cert", "PEM", "CaCert"));
        });
        var relation = ConsumerRelationWith(OurMirror(("node-a", "empty"))).WithLocalUnitData([new("mirror", "down")]);

        var result = h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        Assert.False(publishes);
        var error = Assert.IsType<InvalidOperationException>(refused);
        Assert.StartsWith("CaCert cannot be set on host 'node-a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PublishesMirror", error.Message, StringComparison.Ordinal);
        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror-ca-cert"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("empty")]
    public void PublishMirrorValue_refuses_a_value_the_distributor_would_read_as_none(string? value)
    {
        Exception? refused = null;
        var h = new ConsumerHarness(constructed: c => refused = Record.Exception(() => c.Consumer!.PublishMirrorValue("ca-cert", value)));
        var relation = ConsumerRelationWith(OurMirror(("node-a", "empty"))).WithLocalUnitData([new("mirror", "up")]);

        h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();

        var error = Assert.IsType<ArgumentException>(refused);
        Assert.Equal("value", error.ParamName);
        Assert.Contains("cannot be withdrawn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishMirrorValue_without_a_relation_says_when_it_can_be_set()
    {
        Exception? refused = null;
        bool? publishes = null;
        var h = new ConsumerHarness(constructed: c =>
        {
            publishes = c.Consumer!.PublishesMirror;
            refused = Record.Exception(() => c.Consumer.PublishMirrorValue("ca-cert", "PEM"));
        });

        h.Run(Hook.Install, h.State()).EnsureSuccess();

        Assert.False(publishes);
        Assert.Contains("there is no 'cluster' relation", Assert.IsType<InvalidOperationException>(refused).Message, StringComparison.Ordinal);
    }
}

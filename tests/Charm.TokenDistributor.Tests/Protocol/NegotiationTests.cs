using Charm.Testing;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Protocol;

/// <summary>
/// The extension negotiation: a comma-separated list in <c>token-distributor-extensions</c>; an extension is used only
/// when the peer lists it (a seed or v0.8 peer lists nothing and sees exactly v0).
/// </summary>
public sealed class NegotiationTests
{
    [Theory]
    [InlineData("consumed-tokens,bootstrap-grant", "bootstrap-grant", true)]
    [InlineData("consumed-tokens, bootstrap-grant ", "bootstrap-grant", true)]
    [InlineData("consumed-tokens", "consumed-tokens", true)]
    [InlineData("consumed-tokens", "bootstrap-grant", false)]
    [InlineData("bootstrap-grants", "bootstrap-grant", false)]
    [InlineData("bootstrap", "bootstrap-grant", false)]
    [InlineData("", "bootstrap-grant", false)]
    [InlineData(null, "bootstrap-grant", false)]
    public void An_extension_is_listed_only_as_a_whole_item(string? advertisement, string extension, bool listed)
        => Assert.Equal(listed, Negotiation.Lists(advertisement, extension));

    [Fact]
    public void The_consumer_uses_the_grant_when_a_distributor_unit_advertises_it_or_a_grant_exists()
    {
        bool? withAdvertisement = null, seed = null, withGrantOnly = null, withoutGrant = null;
        var h = new ConsumerHarness(constructed: c =>
        {
            var relation = c.Consumer!.Relation!;
            switch (relation.RemoteApp)
            {
                case "ours": withAdvertisement = Negotiation.ConsumerUsesBootstrapGrant(relation); break;
                case "seed": seed = Negotiation.ConsumerUsesBootstrapGrant(relation); break;
                case "granted": withGrantOnly = Negotiation.ConsumerUsesBootstrapGrant(relation); break;
                default: withoutGrant = Negotiation.ConsumerUsesBootstrapGrant(relation); break;
            }
        });

        void Run(RelationState relation) => h.Run(Hook.UpdateStatus, h.State().WithRelation(relation)).EnsureSuccess();
        Run(new RelationState(ConsumerEndpoint, 1, "ours").WithRemoteUnit(0, OurMirror()));
        Run(new RelationState(ConsumerEndpoint, 1, "seed").WithRemoteUnit(0, SeedMirror()));
        Run(new RelationState(ConsumerEndpoint, 1, "granted").WithRemoteUnit(0, SeedMirror()).WithRemoteAppData(Bag(("cluster-bootstrap-unit", "workload/0"))));
        Run(new RelationState(ConsumerEndpoint, 1, "older").WithRemoteUnit(0, OurMirrorWithoutGrant()));

        Assert.True(withAdvertisement);
        Assert.False(seed);
        Assert.True(withGrantOnly);
        Assert.False(withoutGrant);
    }

    [Fact]
    public void The_consumer_uses_consumed_tokens_only_when_a_mirror_advertises_it()
    {
        var found = new List<bool>();
        var h = new ConsumerHarness(constructed: c => found.Add(Negotiation.ConsumerUsesConsumedTokens(c.Consumer!.Relation!)));

        // A distributor unit that advertises but is not a mirror (mirror=down) does not count.
        var down = ConsumerRelation().WithRemoteUnit(0, Bag(("mirror", "down"), ("token-distributor-extensions", "consumed-tokens")));
        h.Run(Hook.UpdateStatus, h.State().WithRelation(down)).EnsureSuccess();
        h.Run(Hook.UpdateStatus, h.State().WithRelation(ConsumerRelationWith(OurMirrorWithoutGrant()))).EnsureSuccess();
        h.Run(Hook.UpdateStatus, h.State().WithRelation(ConsumerRelationWith(SeedMirror()))).EnsureSuccess();

        Assert.Equal([false, true, false], found);
    }
}

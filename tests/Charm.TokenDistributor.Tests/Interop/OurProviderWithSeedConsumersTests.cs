using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Interop;

using State = Charm.Testing.State;

/// <summary>This project's provider against consumer units written by the seed consumer library.</summary>
public sealed class OurProviderWithSeedConsumersTests
{
    private readonly ProviderHarness _h = new();

    private static IReadOnlyList<KeyValuePair<string, string>> WithoutAdvertisement(IEnumerable<KeyValuePair<string, string>> bag)
        => Sorted(bag.Where(p => p.Key != Advertisement.Key));

    /// <summary>Seed consumer units right after relation-created: each published only its hostname.</summary>
    private static RelationState JustCreated()
        => ProviderRelation().WithRemoteUnit(0, Bag(("hostname", "node-a"))).WithRemoteUnit(1, Bag(("hostname", "node-b")));

    /// <summary>The seed communicator (node-a) published node-b's token; node-b has not joined yet.</summary>
    private static RelationState TokenPublished()
        => ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-b", "dG9rZW4tZm9yLW5vZGUtYg==")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b")));

    [Fact]
    public void The_output_for_freshly_created_seed_consumers_is_exactly_the_seeds_plus_the_advertisement()
    {
        var relation = JustCreated();

        var result = _h.Run(Hook.RelationChanged(relation, 1), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal(
            Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", "empty"), ("token-distributor-extensions", "consumed-tokens,bootstrap-grant,cluster-binding")),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Equal(Exactly(("bootstrap-app", "workload"), (HostUnitsKey, HostUnitsOf(relation))), Sorted(result.Output.GetRelation(1).LocalAppData));
    }

    [Fact]
    public void The_output_with_a_seed_communicators_token_is_exact()
    {
        var relation = TokenPublished();

        var result = _h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.Equal(
            Exactly(("mirror", "up"), ("mirror-node-a", "empty"), ("mirror-node-b", "dG9rZW4tZm9yLW5vZGUtYg=="), ("token-distributor-extensions", "consumed-tokens,bootstrap-grant,cluster-binding")),
            Sorted(result.Output.GetRelation(1).LocalUnitData));
        Assert.Equal(Exactly(("bootstrap-app", "workload"), (HostUnitsKey, HostUnitsOf(relation))), Sorted(result.Output.GetRelation(1).LocalAppData));
    }

    [Fact]
    public void After_the_seed_joiner_joined_the_output_does_not_change()
    {
        var relation = TokenPublished();
        var first = _h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        // A seed joiner that never was the communicator writes nothing more; the seed communicator keeps the token.
        var second = _h.Run(Hook.RelationChanged(first.Output.GetRelation(1), 1), first.Output).EnsureSuccess();

        Assert.Empty(second.RelationSets);
        Assert.Equal(first.Output.GetRelation(1).LocalUnitData, second.Output.GetRelation(1).LocalUnitData);
    }

    public static TheoryData<string> SeedShapedInputs => ["just-created", "token-published", "two-communicators", "down-unit", "extra-data"];

    private static RelationState Input(string name) => name switch
    {
        "just-created" => JustCreated(),
        "token-published" => TokenPublished(),
        "two-communicators" => ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-node-c", "tokC")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC"), ("mirror-node-d", "tokD")))
            .WithRemoteUnit(2, Bag(("hostname", "node-c")))
            .WithRemoteUnit(3, Bag(("hostname", "node-d"))),
        "down-unit" => ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "down"), ("mirror-node-b", "old")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b"), ("mirror", "up"), ("mirror-node-c", "tokC")))
            .WithRemoteUnit(2, Bag(("hostname", "node-c"))),
        "extra-data" => ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-ca-cert", "PEM"), ("mirror-node-b", "tokB")))
            .WithRemoteUnit(1, Bag(("hostname", "node-b"))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(SeedShapedInputs))]
    public void On_seed_shaped_input_the_unit_databag_is_byte_for_byte_what_the_seed_provider_writes_plus_the_advertisement(string input)
    {
        var relation = Input(input);
        var seed = new Dictionary<string, string>(StringComparer.Ordinal);
        SeedLibrary.ProviderHandleMirror(seed, relation.RemoteUnitsData.Values);

        var result = _h.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        var ours = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("consumed-tokens,bootstrap-grant,cluster-binding", ours["token-distributor-extensions"]);
        Assert.Equal(Exactly(("bootstrap-app", "workload"), (HostUnitsKey, HostUnitsOf(relation))), Sorted(result.Output.GetRelation(1).LocalAppData));
        Assert.Equal(Sorted(seed), WithoutAdvertisement(ours));
    }

    [Fact]
    public void A_seed_consumer_reads_our_output_as_it_reads_a_seed_distributors()
    {
        var created = _h.Run(Hook.RelationChanged(JustCreated(), 1), new State { Leader = true }.WithRelation(JustCreated())).EnsureSuccess();
        var published = _h.Run(Hook.RelationChanged(TokenPublished(), 0), new State { Leader = true }.WithRelation(TokenPublished())).EnsureSuccess();
        IReadOnlyDictionary<string, string>[] createdView = [created.Output.GetRelation(1).LocalUnitData];
        IReadOnlyDictionary<string, string>[] publishedView = [published.Output.GetRelation(1).LocalUnitData];

        // The seed leader would bootstrap (no data), its communicator would issue for node-b (and try node-a, which fails).
        Assert.False(SeedLibrary.AnyDataExists(createdView));
        Assert.Equal(["node-a", "node-b"], SeedLibrary.KeysNeedingTokens(createdView, new Dictionary<string, string>()));
        Assert.Null(SeedLibrary.FindValue(createdView, "node-b", keepEmpty: false));

        // node-b (seed) would find its token and join with it; the leader sees data and would not bootstrap again.
        Assert.Equal("dG9rZW4tZm9yLW5vZGUtYg==", SeedLibrary.FindValue(publishedView, "node-b", keepEmpty: false));
        Assert.True(SeedLibrary.AnyDataExists(publishedView));
    }
}

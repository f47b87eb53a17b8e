using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Tests.Support;

using State = Charm.Testing.State;

/// <summary>Names and databag shapes used across the tests, written out literally as they are on the wire.</summary>
internal static class Wire
{
    public const string ConsumerEndpoint = "cluster";
    public const string ProviderEndpoint = "microcluster-cluster";
    public const string WorkloadApp = "workload";
    public const string DistributorApp = "distributor";
    public const string ConsumerStore = "token-consumer/" + ConsumerEndpoint;
    public const string ProviderStore = "token-distributor/" + ProviderEndpoint;

    /// <summary>The advertisement this project's units write.</summary>
    public static readonly KeyValuePair<string, string> Advertisement = new("token-distributor-extensions", "consumed-tokens,bootstrap-grant,cluster-binding");

    /// <summary>The advertisement of a unit of this project from before the bootstrap grant: consumed tokens only.</summary>
    public static readonly KeyValuePair<string, string> ConsumedTokensOnly = new("token-distributor-extensions", "consumed-tokens");

    public static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    /// <summary>The distributor app-databag key recording which consumer unit publishes each mirrored host.</summary>
    public const string HostUnitsKey = "cluster-host-units";

    /// <summary>The value of <see cref="HostUnitsKey"/>: host → unit (<c>""</c> once that unit departed), as JSON.</summary>
    public static string HostUnits(params (string Host, string Unit)[] entries)
        => System.Text.Json.JsonSerializer.Serialize(new SortedDictionary<string, string>(entries.ToDictionary(e => e.Host, e => e.Unit), StringComparer.Ordinal));

    /// <summary>The <see cref="HostUnitsKey"/> value for the units of <paramref name="relation"/> that publish a host name.</summary>
    public static string HostUnitsOf(RelationState relation)
        => HostUnits([.. relation.RemoteUnitsData
            .Where(u => u.Value.ContainsKey("hostname"))
            .Select(u => (u.Value["hostname"], relation.RemoteApp + "/" + u.Key))]);

    public static KeyValuePair<string, string>[] Bag(params (string Key, string Value)[] pairs)
        => pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToArray();

    /// <summary>The consumer's relation to the distributor (remote application <see cref="DistributorApp"/>).</summary>
    public static RelationState ConsumerRelation(int id = 1) => new(ConsumerEndpoint, id, DistributorApp);

    /// <summary>The distributor's relation to a consumer application.</summary>
    public static RelationState ProviderRelation(int id = 1, string remoteApp = WorkloadApp) => new(ProviderEndpoint, id, remoteApp);

    /// <summary>A distributor leader unit's databag as the seed (LIBPATCH 2) provider writes it: <c>mirror=up</c> and the mirrored keys.</summary>
    public static KeyValuePair<string, string>[] SeedMirror(params (string Host, string Value)[] mirrored)
        => [P("mirror", "up"), .. mirrored.Select(m => P("mirror-" + m.Host, m.Value))];

    /// <summary>A distributor leader unit's databag as this project's provider writes it: the seed's plus the advertisement.</summary>
    public static KeyValuePair<string, string>[] OurMirror(params (string Host, string Value)[] mirrored)
        => [.. SeedMirror(mirrored), Advertisement];

    /// <summary>
    /// A distributor leader unit's databag as this project's provider wrote it before the bootstrap grant: the seed's plus
    /// the consumed-tokens advertisement.
    /// </summary>
    public static KeyValuePair<string, string>[] OurMirrorWithoutGrant(params (string Host, string Value)[] mirrored)
        => [.. SeedMirror(mirrored), ConsumedTokensOnly];

    /// <summary>A consumer relation whose distributor unit 0 holds <paramref name="leaderBag"/>.</summary>
    public static RelationState ConsumerRelationWith(IEnumerable<KeyValuePair<string, string>> leaderBag, int id = 1)
        => ConsumerRelation(id).WithRemoteUnit(0, leaderBag);

    /// <summary>A state whose consumer stored state says the unit is a cluster member.</summary>
    public static State InCluster(this State state, params (string Key, StoredValue Value)[] more)
        => state.WithConsumerStored([("in-cluster", true), .. more]);

    public static State WithConsumerStored(this State state, params (string Key, StoredValue Value)[] values)
        => state.WithStored(ConsumerStore, values.Select(v => new KeyValuePair<string, StoredValue>(v.Key, v.Value)));

    public static bool StoredInCluster(this State state) => state.GetStored(ConsumerStore, "in-cluster")?.AsBoolean() ?? false;

    /// <summary>The stored record of token issues, as the consumer keeps it: a map from host to Unix seconds.</summary>
    public static StoredValue Issued(params (string Host, DateTimeOffset When)[] entries)
        => StoredValue.FromStringMap(entries.Select(e => new KeyValuePair<string, string>(e.Host, e.When.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>The same record as releases before the map kind stored it: a list of <c>host=unix-seconds</c>.</summary>
    public static StoredValue LegacyIssued(params (string Host, DateTimeOffset When)[] entries)
        => StoredValue.FromStringList(entries.Select(e => e.Host + "=" + e.When.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The sorted key/value pairs of a databag, for exact comparisons.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Exactly(params (string Key, string Value)[] pairs)
        => pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => P(p.Key, p.Value)).ToArray();

    /// <summary>A databag's content, sorted, for exact comparisons.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>> bag)
        => bag.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();

    /// <summary>Checks the protocol constants once, so the literal strings above are the library's.</summary>
    public static void AssertConstants()
    {
        Assert.Equal("mirror-", WireKeys.MirrorPrefix);
        Assert.Equal("empty", WireKeys.Empty);
        Assert.Equal("token-distributor-extensions", WireKeys.ExtensionsKey);
        Assert.Equal(Advertisement.Key, WireKeys.ExtensionsKey.ToString());
        Assert.Equal("consumed-tokens,bootstrap-grant,cluster-binding", WireKeys.Advertised);
        Assert.Equal("consumed-tokens,bootstrap-grant,cluster-binding", Advertisement.Value);
        Assert.Equal("cluster-bootstrap-unit", WireKeys.BootstrapUnitKey);
        Assert.Equal("cluster-token-fingerprints", WireKeys.TokenFingerprintsKey);
        Assert.Equal("cluster-member", WireKeys.ClusterMemberKey);
        Assert.Equal("renounced-tokens", WireKeys.RenouncedTokensKey);
        Assert.Equal("cluster-renounced-tokens", WireKeys.RenouncedRelayKey);
    }
}

internal static class PairExtensions
{
    public static (string Key, string Value) ToTuple(this KeyValuePair<string, string> pair) => (pair.Key, pair.Value);
}

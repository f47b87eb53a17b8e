using System.Text;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Reliability.Tests.Support;
using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;

namespace Charm.Reliability.Tests.Regressions;

using State = Charm.Testing.State;

/// <summary>Inputs the fuzz tests found to escape as undocumented exceptions or to fail hooks (docs/reliability.md, B-2 to B-4).</summary>
public sealed class HostileInputRegressionTests
{
    [Theory]
    [InlineData("{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"k\":{\"float\":\"x\"}}},\"deferred\":[]}")]
    [InlineData("{\"format\":\"charm-state\",\"version\":\"1\",\"stored\":{},\"deferred\":[]}")]
    [InlineData("{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"k\":\"\\ud800\"}}}")]
    public void AStateFileWithAMistypedOrUnreadableValueIsAFormatException(string json)
        => Assert.Throws<FormatException>(() => StateCodec.Deserialize(json));

    [Fact]
    public void AStateFileWithInvalidUtf8IsAFormatExceptionAndTheStoreSaysItIsCorrupt()
    {
        byte[] bytes = [.. "{\"format\":\"ch"u8, 0x86, .. "m-state\",\"version\":1}"u8];
        Assert.Throws<FormatException>(() => StateCodec.Deserialize(bytes));

        var path = Path.Combine(Directory.CreateTempSubdirectory("state-").FullName, FileStateStore.DefaultFileName);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<StateFileException>(() => new FileStateStore(path).Load());
        Assert.Contains("is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void ListOutputThatIsNotValidTextIsAClusterOutputException()
    {
        // (Not [InlineData]: attribute strings are stored as UTF-8, which would turn the lone surrogates into U+FFFD.)
        Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse("\uD800"));
        Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse("[{\"name\":\"a\uDC00\"}]"));
    }

    [Fact]
    public void TheMirrorSkipsAKeyItCouldNotWriteInsteadOfFailingEveryHook()
    {
        var relation = new RelationState(ClusterCharms.ProviderEndpoint, 1, "workload")
            .WithRemoteUnit(0, new Dictionary<string, string>
            {
                ["hostname"] = "workload-0",
                ["mirror"] = "up",
                ["mirror-workload-1"] = "token",
                ["mirror-a=b"] = "x",
                ["mirror-a b"] = "y",
            });
        var context = new Context(ctx => new ProviderOnly(ctx), ClusterCharms.DistributorMetadata, "distributor/0");

        var result = context.Run(Hook.RelationChanged(relation, 0), new State { Leader = true }.WithRelation(relation));

        Assert.True(result.Succeeded, result.StandardError);
        var own = result.Output.GetRelation(1).LocalUnitData;
        Assert.Equal("token", own["mirror-workload-1"]);
        Assert.False(own.ContainsKey("mirror-a=b"));
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("'mirror-a=b' cannot be a databag key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("consumed-tokens")]
    [InlineData("consumed-tokens,bootstrap-grant")]
    public void AMirroredTokenTheCliCannotBeGivenIsRejectedInsteadOfFailingEveryHook(string extensions)
    {
        // B-6, found by RelationDataFuzzTests (seed 2jgGGNBLeiw1): a value starting with '-' made ClusterCli.Join throw
        // ArgumentException out of the hook.
        var relation = new RelationState(ClusterCharms.ConsumerEndpoint, 1, "distributor")
            .WithRemoteUnit(0, new Dictionary<string, string>
            {
                ["mirror"] = "up",
                ["mirror-workload-0"] = "-rf",
                ["token-distributor-extensions"] = extensions,
            });
        var context = new Context(ctx => new ConsumerOnly(ctx), ClusterCharms.ConsumerMetadata, "workload/0");

        var result = context.Run(Hook.RelationChanged(relation, 0), new State { Leader = false, HostName = "workload-0" }.WithRelation(relation));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Empty(result.ProcessCalls);
        Assert.Equal(Status.Waiting("Join token was rejected; waiting for a new one"), result.Output.UnitStatus);
        Assert.Contains(result.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot be used", StringComparison.Ordinal));
    }

    private sealed class ConsumerOnly : CharmBase
    {
        public ConsumerOnly(CharmContext context)
            : base(context) => _ = new TokenConsumer(this, ClusterCharms.ConsumerEndpoint, new ClusterCommand(ClusterCharms.Command));
    }

    private sealed class ProviderOnly : CharmBase
    {
        public ProviderOnly(CharmContext context)
            : base(context) => _ = new TokenDistributorProvider(this, ClusterCharms.ProviderEndpoint);
    }
}

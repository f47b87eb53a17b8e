using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>CTD4015: a member the charm declares with the name of one the generator adds.</summary>
public sealed class GeneratedNameTests
{
    private const string Yaml = "requires:\n  cluster:\n    interface: worker-cluster\nconfig:\n  options:\n    port: {type: int, default: 1}\n";

    private static AdditionalText[] Files() => [new InMemoryAdditionalText("charmcraft.yaml", Yaml)];

    private static string Charm(string member) => $$"""
        using Charm.Framework;
        using Charm.Framework.Dispatch;
        using Charm.TokenDistributor;

        namespace Demo;

        /// <summary>A charm.</summary>
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class MicroctlCharm : CharmBase
        {
            /// <summary>The author's.</summary>
            {{member}}
        }
        """;

    [Fact]
    public void A_charm_member_named_Config_leaves_the_typed_config_out_and_says_why_and_the_charm_builds()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Charm("public string Config => \"mine\";")), Files());

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CTD4015", diagnostic.Id);
        Assert.Equal(
            "'MicroctlCharm' declares 'Config', the name of the generated typed config (from charmcraft.yaml's config.options, not generated while the name is taken); rename the member",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(12, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Config.g.cs", StringComparison.Ordinal));
        // Only the generator's error: with the typed config left out, the compiler has nothing to report.
        Assert.Empty(GeneratorHarness.BuildBreakingDiagnostics(run.Output));
    }

    [Fact]
    public void A_nested_type_named_like_the_config_class_is_reported_too()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Charm("public sealed class MicroctlCharmConfig { }")), Files());

        Assert.Equal(["CTD4015"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Contains("'MicroctlCharmConfig'", run.GeneratorDiagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Config.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_config_in_charmcraft_yaml_a_member_named_Config_is_the_authors_own_and_nothing_is_reported()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Charm("public string Config => \"mine\";")));

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Theory]
    [InlineData("public int Cluster { get; set; }", "Cluster", "the generated surface of a consumer relation")]
    [InlineData("public sealed class ClusterTokenDistributor { }", "ClusterTokenDistributor", "the generated class of a consumer relation's surface")]
    [InlineData("private void InitializeTokenDistributor(int x) { }", "InitializeTokenDistributor", "the generated initialiser")]
    [InlineData("public static int HandledHooks => 0;", "HandledHooks", "the generated list of handled hooks")]
    public void A_member_named_like_a_generated_one_is_reported_at_the_member(string member, string name, string what)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Charm(member)));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CTD4015", diagnostic.Id);
        Assert.Equal($"'MicroctlCharm' declares '{name}', the name of {what}; rename the member", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(12, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_provider_charm_member_named_like_its_distributor_is_reported()
    {
        const string Source = """
            using Charm.Framework;
            using Charm.Framework.Dispatch;
            using Charm.TokenDistributor;

            namespace Demo;

            [TokenDistributorProvider("microcluster-cluster")]
            public sealed partial class DistributorCharm : CharmBase
            {
                private readonly int MicroclusterCluster = 1;
            }
            """;

        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("'DistributorCharm' declares 'MicroclusterCluster', the name of the generated distributor of a provider relation; rename the member", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }
}

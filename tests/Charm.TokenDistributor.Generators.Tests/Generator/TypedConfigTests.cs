using Charm.Framework;
using Charm.Framework.Model;
using Charm.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// The typed config class the generator emits from <c>config.options</c> of <c>charmcraft.yaml</c>: one property per
/// option with the declared type and default, compiled clean (documented, nullable-correct) and read through
/// Charm.Testing's <c>config-get</c>. Facts pinned (charmcraft's config schema): an option's <c>type</c> is one of
/// <c>string</c>, <c>int</c>, <c>float</c>, <c>boolean</c>, <c>secret</c>; a <c>secret</c> option's value is a secret URI
/// string. (Juju's <c>config-get</c>, which Charm.Testing stands in for here, omits an option that has no value.)
/// </summary>
public sealed class TypedConfigTests
{
    private const string Charmcraft = """
        name: demo
        requires:
          cluster:
            interface: worker-cluster
        config:
          options:
            cluster-port:
              type: int
              default: 7443
              description: |
                The port the workload listens on.
                Second line.
            log-level: {type: string, default: "info", description: How much the workload logs.}
            ratio:
              type: float
              default: 0.5
            debug:
              type: boolean
              default: false
            peer-limit:
              type: int
            nickname:
              type: string
            ca-secret:
              type: secret
              description: >
                The CA's secret.
        """;

    /// <summary>A consumer charm that reports every typed value in its status on <c>config-changed</c>.</summary>
    private const string Charm = """
        using System.Globalization;
        using Charm.Framework;
        using Charm.Framework.Dispatch;
        using Charm.Framework.Events;
        using Charm.Framework.Model;
        using Charm.TokenDistributor;

        namespace Demo;

        /// <summary>A charm reading its typed config.</summary>
        [TokenDistributorConsumer("cluster", "democtl")]
        public sealed partial class ConfigCharm : CharmBase
        {
            [On(JujuEventKind.ConfigChanged)]
            private void OnConfigChanged(ConfigChangedEvent e)
            {
                long port = Config.ClusterPort;
                string level = Config.LogLevel;
                double ratio = Config.Ratio;
                bool debug = Config.Debug;
                long? limit = Config.PeerLimit;
                string? nickname = Config.Nickname;
                string? secret = Config.CaSecret;
                Unit.Status = Status.Active(string.Join("|",
                    port.ToString(CultureInfo.InvariantCulture),
                    level,
                    ratio.ToString(CultureInfo.InvariantCulture),
                    debug ? "debug" : "quiet",
                    limit is { } l ? l.ToString(CultureInfo.InvariantCulture) : "no-limit",
                    nickname ?? "no-nickname",
                    secret ?? "no-secret"));
            }
        }
        """;

    private static readonly CharmMetadata Metadata = new([new EndpointSpec("cluster", EndpointRole.Requires, "worker-cluster")]);

    private static AdditionalText[] Files(string yaml = Charmcraft) => [new InMemoryAdditionalText("charmcraft.yaml", yaml)];

    [Fact]
    public void Each_option_gets_a_property_of_its_declared_type_nullable_when_it_has_no_default()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Charm), Files());
        GeneratorHarness.AssertBuildsClean(run.Output);

        var root = CSharpSyntaxTree.ParseText(run.Source("Demo.ConfigCharm.Config.g.cs")).GetRoot();
        var typed = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "ConfigCharmConfig");
        var properties = typed.Members.OfType<PropertyDeclarationSyntax>().ToDictionary(p => p.Identifier.ValueText, p => p.Type.ToString());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ClusterPort"] = "long",
                ["LogLevel"] = "string",
                ["Ratio"] = "double",
                ["Debug"] = "bool",
                ["PeerLimit"] = "long?",
                ["Nickname"] = "string?",
                ["CaSecret"] = "string?",
            },
            properties);

        var charm = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "ConfigCharm");
        var config = charm.Members.OfType<PropertyDeclarationSyntax>().Single(p => p.Identifier.ValueText == "Config");
        Assert.Equal("ConfigCharmConfig", config.Type.ToString());
    }

    [Fact]
    public void Unset_options_give_their_declared_defaults_or_null()
    {
        using var charm = EndToEndTests.CompiledCharm.Build(Charm, "Demo.ConfigCharm", additionalTexts: Files());
        var context = new Context(charm.Factory, Metadata, "demo/0");

        var result = context.Run(Hook.ConfigChanged, new State()).EnsureSuccess();

        Assert.Equal(Status.Active("7443|info|0.5|quiet|no-limit|no-nickname|no-secret"), result.Output.UnitStatus);
    }

    [Fact]
    public void Set_options_give_the_values_config_get_reports()
    {
        using var charm = EndToEndTests.CompiledCharm.Build(Charm, "Demo.ConfigCharm", additionalTexts: Files());
        var context = new Context(charm.Factory, Metadata, "demo/0");
        var state = new State()
            .WithConfig("cluster-port", 9000L)
            .WithConfig("log-level", "debug")
            .WithConfig("ratio", 1.25)
            .WithConfig("debug", true)
            .WithConfig("peer-limit", 3L)
            .WithConfig("nickname", "east")
            .WithConfig("ca-secret", "secret:d0vq1ngm4tbs7l2qcgs0");

        var result = context.Run(Hook.ConfigChanged, state).EnsureSuccess();

        Assert.Equal(Status.Active("9000|debug|1.25|debug|3|east|secret:d0vq1ngm4tbs7l2qcgs0"), result.Output.UnitStatus);
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails_the_hook_with_the_options_name()
    {
        using var charm = EndToEndTests.CompiledCharm.Build(Charm, "Demo.ConfigCharm", additionalTexts: Files());
        var context = new Context(charm.Factory, Metadata, "demo/0");

        var result = context.Run(Hook.ConfigChanged, new State().WithConfig("debug", "maybe"));

        Assert.False(result.Succeeded);
        Assert.Contains("'debug'", result.Error?.Message ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void A_derived_charm_and_a_nested_one_get_their_own_class_and_build_clean()
    {
        const string Source = """
            using Charm.Framework;
            using Charm.Framework.Dispatch;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>A base charm.</summary>
            [TokenDistributorProvider("dist")]
            public abstract partial class BaseCharm : CharmBase { }

            /// <summary>A derived charm: its Config hides the base's.</summary>
            [TokenDistributorProvider("other")]
            public sealed partial class DerivedCharm : BaseCharm
            {
                /// <summary>Reads the typed value of the derived class.</summary>
                public long Port() => Config.ClusterPort;
            }

            /// <summary>Holds a charm.</summary>
            public partial class Outer
            {
                [TokenDistributorProvider("dist")]
                private sealed partial class InnerCharm : CharmBase
                {
                    private string Level() => Config.LogLevel;
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source), Files());

        GeneratorHarness.AssertBuildsClean(run.Output);
        Assert.Equal(typeof(long).FullName, PropertyType(run.Output, "Demo.DerivedCharm+DerivedCharmConfig", "ClusterPort"));
        Assert.Equal(typeof(string).FullName, PropertyType(run.Output, "Demo.Outer+InnerCharm+InnerCharmConfig", "LogLevel"));
        Assert.Equal("Demo.BaseCharm.BaseCharmConfig", run.Output.GetTypeByMetadataName("Demo.BaseCharm")!.GetMembers("Config").OfType<IPropertySymbol>().Single().Type.ToDisplayString());
    }

    [Fact]
    public void An_option_named_like_the_charms_config_class_is_left_out_with_CTD5008_and_the_charm_still_builds()
    {
        var yaml = "requires:\n  cluster:\n    interface: worker-cluster\nconfig:\n  options:\n    port: {type: int, default: 1}\n    micro-ovn-charm-config: {type: string}\n";
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(CharmSources.Consumer), Files(yaml));

        GeneratorHarness.AssertBuildsClean(run.Output);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("CTD5008", 7), (diagnostic.Id, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.Contains("'micro-ovn-charm-config'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Demo.MicroOvnCharm+MicroOvnCharmConfig")!.GetMembers("Port").SingleOrDefault());
    }

    private static string PropertyType(Compilation compilation, string type, string property)
    {
        var symbol = compilation.GetTypeByMetadataName(type) ?? throw new KeyNotFoundException(type);
        var found = symbol.GetMembers(property).OfType<IPropertySymbol>().Single().Type;
        return found.ContainingNamespace.ToDisplayString() + "." + found.MetadataName;
    }

    [Fact]
    public void Without_config_in_charmcraft_yaml_or_without_the_file_no_class_is_generated()
    {
        const string Plain = "requires:\n  cluster:\n    interface: worker-cluster\n";
        foreach (var files in new[] { Files(Plain), [] })
        {
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(CharmSources.Consumer), files);
            Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Config.g.cs", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_empty_options_mapping_gives_a_class_without_properties()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(CharmSources.Consumer), Files("config:\n  options: {}\n"));
        GeneratorHarness.AssertBuildsClean(run.Output);
        var root = CSharpSyntaxTree.ParseText(run.Source("Demo.MicroOvnCharm.Config.g.cs")).GetRoot();
        var typed = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "MicroOvnCharmConfig");
        Assert.Empty(typed.Members.OfType<PropertyDeclarationSyntax>());
    }
}

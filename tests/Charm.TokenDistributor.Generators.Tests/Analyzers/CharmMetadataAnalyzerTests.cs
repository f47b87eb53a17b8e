using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Analyzers.Metadata;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Verify = Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<Charm.TokenDistributor.Generators.Analyzers.CharmMetadataAnalyzer>;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers;

public sealed class CharmMetadataAnalyzerTests
{
    private const string Charm = Sources.Usings + """
        [TokenDistributorConsumer({|#0:"cluster"|}, "microctl")]
        [TokenDistributorProvider({|#1:"microcluster-cluster"|})]
        public sealed partial class MyCharm : CharmBase
        {
            public MyCharm(CharmContext context) : base(context) { }
        }
        """;

    private static Task VerifyAsync(string fileName, string yaml, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = Charm };
        test.TestState.AdditionalFiles.Add((fileName, yaml));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Declared_relations_are_fine()
        => VerifyAsync("charmcraft.yaml", """
            name: microctl # the charm
            type: charm
            description: |
              requires: not a section, text in a block scalar
            requires:
              cluster:
                interface: microcluster-token-distributor
                limit: 1
            provides:
              "microcluster-cluster": {interface: microcluster-token-distributor, optional: true}
            peers:
              peers:
                interface: microctl-peers
            """);

    [Fact]
    public Task An_undeclared_relation_is_an_error()
        => VerifyAsync(
            "charmcraft.yaml",
            """
            requires:
              database:
                interface: postgresql_client
            provides:
              microcluster-cluster:
                interface: microcluster-token-distributor
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationNotDeclared).WithLocation(0).WithArguments("cluster", "charmcraft.yaml", "requires"));

    [Fact]
    public Task A_relation_under_the_wrong_role_is_an_error()
        => VerifyAsync(
            "metadata.yaml",
            """
            provides:
              cluster:
                interface: microcluster-token-distributor
            requires:
              microcluster-cluster:
                interface: microcluster-token-distributor
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationDeclaredWithWrongRole).WithLocation(0).WithArguments("cluster", "provides", "metadata.yaml", "TokenDistributorConsumer", "requires"),
            Verify.Diagnostic(DiagnosticDescriptors.RelationDeclaredWithWrongRole).WithLocation(1).WithArguments("microcluster-cluster", "requires", "metadata.yaml", "TokenDistributorProvider", "provides"));

    [Fact]
    public Task A_relation_without_an_interface_warns()
        => VerifyAsync(
            "charmcraft.yaml",
            """
            requires:
              cluster:
                limit: 1
            provides: {microcluster-cluster: {interface: microcluster-token-distributor}}
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationWithoutInterface).WithLocation(0).WithArguments("cluster", "charmcraft.yaml"));

    [Fact]
    public Task Without_a_metadata_file_nothing_is_checked()
    {
        var test = new Verify.Test { TestCode = Charm };
        test.TestState.AdditionalFiles.Add(("config.yaml", "options: {}"));
        return test.RunAsync();
    }

    [Fact]
    public void Reader_takes_endpoints_from_the_three_sections_only()
    {
        var endpoints = CharmMetadataReader.Read(SourceText.From("""
            # comment
            name: x
            requires:
              # a comment inside the section
              cluster:   # trailing comment
                interface: 'microcluster-token-distributor'
                scope: container
              db: {interface: "pg", limit: 1}
              bare:
            provides:
                deep:
                    interface: deep-interface
                    nested:
                      interface: not-this-one
            peers:
              replicas:
                interface: replicas # comment
            containers:
              workload:
                resource: image
            """));

        Assert.Collection(
            endpoints,
            e => Assert.Equal(("cluster", EndpointRole.Requires, "microcluster-token-distributor"), (e.Name, e.Role, e.Interface)),
            e => Assert.Equal(("db", EndpointRole.Requires, "pg"), (e.Name, e.Role, e.Interface)),
            e => Assert.Equal(("bare", EndpointRole.Requires, (string?)null), (e.Name, e.Role, e.Interface)),
            e => Assert.Equal(("deep", EndpointRole.Provides, "deep-interface"), (e.Name, e.Role, e.Interface)),
            e => Assert.Equal(("replicas", EndpointRole.Peers, "replicas"), (e.Name, e.Role, e.Interface)));
    }
}

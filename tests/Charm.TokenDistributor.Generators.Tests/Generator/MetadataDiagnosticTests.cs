using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Metadata;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Verify = Charm.TokenDistributor.Generators.Tests.Generator.GeneratorDiagnosticVerifier;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// The generator checks the endpoints a charm names against <c>charmcraft.yaml</c> / <c>metadata.yaml</c> given as
/// AdditionalFiles (CTD5001–CTD5005; CTD5006, the actions, in <see cref="ActionMetadataDiagnosticTests"/>). The facts pinned: Juju runs hooks only for declared endpoints; a consumer's
/// endpoint is under <c>requires</c>, the distributor's under <c>provides</c> (the Charmhub
/// <c>microcluster-token-distributor</c> provides <c>microcluster-cluster</c>), both with the interface
/// <c>worker-cluster</c> (Juju relates endpoints with equal interfaces only); every role, peers included, gets the five
/// relation events, so an <c>[On]</c> relation event needs only a declared endpoint.
/// </summary>
public sealed class MetadataDiagnosticTests
{
    private const string Charm = Sources.Usings + """
        [TokenDistributorConsumer({|#0:"cluster"|}, "microctl")]
        [TokenDistributorProvider({|#1:"microcluster-cluster"|})]
        public sealed partial class MyCharm : CharmBase
        {
            public MyCharm(CharmContext context) : base(context) => InitializeTokenDistributor();
        }
        """;

    private static Task VerifyAsync(string fileName, string yaml, params DiagnosticResult[] expected) => VerifyAsync(Charm, fileName, yaml, expected);

    private static Task VerifyAsync(string source, string fileName, string yaml, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
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
                interface: worker-cluster
                limit: 1
            provides:
              "microcluster-cluster": {interface: worker-cluster, optional: true}
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
                interface: worker-cluster
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationNotDeclared).WithLocation(0).WithArguments("cluster", "charmcraft.yaml", "requires"));

    [Fact]
    public Task A_relation_under_the_wrong_role_is_an_error()
        => VerifyAsync(
            "metadata.yaml",
            """
            provides:
              cluster:
                interface: worker-cluster
            requires:
              microcluster-cluster:
                interface: worker-cluster
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationDeclaredWithWrongRole).WithLocation(0).WithArguments("cluster", "provides", "metadata.yaml", "TokenDistributorConsumer", "requires"),
            Verify.Diagnostic(DiagnosticDescriptors.RelationDeclaredWithWrongRole).WithLocation(1).WithArguments("microcluster-cluster", "requires", "metadata.yaml", "TokenDistributorProvider", "provides"));

    [Fact]
    public Task A_peer_endpoint_is_not_a_consumers()
        => VerifyAsync(
            "charmcraft.yaml",
            """
            peers:
              cluster:
                interface: worker-cluster
            provides:
              microcluster-cluster:
                interface: worker-cluster
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationDeclaredWithWrongRole).WithLocation(0).WithArguments("cluster", "peers", "charmcraft.yaml", "TokenDistributorConsumer", "requires"));

    [Fact]
    public Task A_relation_without_an_interface_warns()
        => VerifyAsync(
            "charmcraft.yaml",
            """
            requires:
              cluster:
                limit: 1
            provides: {microcluster-cluster: {interface: worker-cluster}}
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationWithoutInterface).WithLocation(0).WithArguments("cluster", "charmcraft.yaml"));

    [Fact]
    public Task A_token_distributor_relation_over_another_interface_warns()
        => VerifyAsync(
            "charmcraft.yaml",
            """
            requires:
              cluster:
                interface: microcluster
            provides:
              microcluster-cluster:
                interface: microcluster-token-distributor
            """,
            Verify.Diagnostic(DiagnosticDescriptors.WrongTokenDistributorInterface).WithLocation(0).WithArguments("cluster", "microcluster", "charmcraft.yaml"),
            Verify.Diagnostic(DiagnosticDescriptors.WrongTokenDistributorInterface).WithLocation(1).WithArguments("microcluster-cluster", "microcluster-token-distributor", "charmcraft.yaml"));

    [Fact]
    public Task An_on_handler_of_an_undeclared_endpoint_is_an_error_with_the_nearest_name()
        => VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                [{|#0:On(JujuEventKind.RelationChanged, "peer")|}]
                private void OnPeers(RelationChangedEvent e) { }

                [{|#1:On(JujuEventKind.RelationBroken, "database")|}]
                private void OnDatabaseGone() { }

                [On(JujuEventKind.RelationDeparted, "peers")]
                [On(JujuEventKind.RelationJoined, "cluster")]
                private void Declared(RelationEvent e) { }
            }
            """,
            "charmcraft.yaml",
            """
            requires:
              cluster:
                interface: worker-cluster
            peers:
              peers:
                interface: microctl-peers
            """,
            Verify.Diagnostic(DiagnosticDescriptors.HandlerEndpointNotDeclared).WithLocation(0).WithArguments("OnPeers", "peer", "charmcraft.yaml", " (did you mean 'peers'?)"),
            Verify.Diagnostic(DiagnosticDescriptors.HandlerEndpointNotDeclared).WithLocation(1).WithArguments("OnDatabaseGone", "database", "charmcraft.yaml", ""));

    [Fact]
    public Task A_charm_left_out_for_its_shape_still_has_its_relations_checked()
        => VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer({|#1:"clusters"|}, "microctl")]
            public sealed class {|#0:MyCharm|} : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) { }
            }
            """,
            "charmcraft.yaml",
            """
            requires:
              cluster:
                interface: worker-cluster
            """,
            Verify.Diagnostic(DiagnosticDescriptors.CharmClassMustBePartial).WithLocation(0).WithArguments("MyCharm"),
            Verify.Diagnostic(DiagnosticDescriptors.RelationNotDeclared).WithLocation(1).WithArguments("clusters", "charmcraft.yaml", "requires"));

    [Fact]
    public Task Without_a_metadata_file_nothing_is_checked()
        => VerifyAsync("config.yaml", "options: {}");

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

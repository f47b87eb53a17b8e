using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Metadata;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Verify = Charm.TokenDistributor.Generators.Tests.Generator.GeneratorDiagnosticVerifier;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// CTD5006: an <c>[On(JujuEventKind.Action, name)]</c> handler against the <c>actions</c> of <c>charmcraft.yaml</c>.
/// The fact pinned (Juju): an action the charm does not declare is refused before it reaches the unit (Juju's error is
/// that the action is "not defined on unit"), so its handler can never run; in the unified <c>charmcraft.yaml</c> the
/// actions are the keys of the top-level <c>actions</c> mapping, while a charm with a separate <c>metadata.yaml</c>
/// declares them in <c>actions.yaml</c>, which the generator does not read (so then nothing is checked).
/// </summary>
public sealed class ActionMetadataDiagnosticTests
{
    private const string Charm = Sources.Usings + """
        [TokenDistributorConsumer("cluster", "microctl")]
        public sealed partial class MyCharm : CharmBase
        {
            public MyCharm(CharmContext context) : base(context) => InitializeTokenDistributor();

            [{|#0:On(JujuEventKind.Action, "list-member")|}]
            private void ListMembers(ActionEvent e) { }

            [{|#1:On(JujuEventKind.Action, "backup")|}]
            private void Backup() { }

            [{|#2:On(JujuEventKind.Action, "restart")|}]
            private void Restart(ActionEvent e) { }
        }
        """;

    private const string Requires = """
        requires:
          cluster:
            interface: worker-cluster

        """;

    private static Task VerifyAsync(string fileName, string yaml, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = Charm };
        test.TestState.AdditionalFiles.Add((fileName, yaml));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task Undeclared_actions_are_reported_with_the_nearest_declared_one()
        => VerifyAsync(
            "charmcraft.yaml",
            Requires + """
            actions:
              list-members:
                description: Lists the cluster's members.
                params:
                  backup:
                    type: string
              restart: {}
            """,
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(0).WithArguments("ListMembers", "list-member", " (did you mean 'list-members'?)"),
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(1).WithArguments("Backup", "backup", ""));

    [Fact]
    public Task A_flow_mapping_of_actions_is_read()
        => VerifyAsync(
            "charmcraft.yaml",
            Requires + "actions: {list-members: {description: one}, restart: {}}\n",
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(0).WithArguments("ListMembers", "list-member", " (did you mean 'list-members'?)"),
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(1).WithArguments("Backup", "backup", string.Empty));

    [Fact]
    public Task A_charmcraft_yaml_without_actions_declares_none()
        => VerifyAsync(
            "charmcraft.yaml",
            Requires,
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(0).WithArguments("ListMembers", "list-member", string.Empty),
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(1).WithArguments("Backup", "backup", string.Empty),
            Verify.Diagnostic(DiagnosticDescriptors.HandlerActionNotDeclared).WithLocation(2).WithArguments("Restart", "restart", string.Empty));

    [Fact]
    public Task With_only_metadata_yaml_actions_are_not_checked()
        => VerifyAsync("metadata.yaml", "name: microctl\n" + Requires);

    [Fact]
    public void Reader_takes_the_keys_of_the_top_level_actions_mapping_only()
    {
        var actions = CharmActionsReader.Read(SourceText.From("""
            name: x
            config:
              options:
                not-an-action: {type: string}
            actions:
              # a comment
              list-members:   # trailing comment
                description: Lists the members.
                params:
                  format:
                    type: string
              "quoted-name": {}
              restart:
            parts:
              charm: {}
            """));

        Assert.Equal(["list-members", "quoted-name", "restart"], actions);
        Assert.Null(CharmActionsReader.Read(SourceText.From("name: x\nconfig: {}\n")));
    }
}

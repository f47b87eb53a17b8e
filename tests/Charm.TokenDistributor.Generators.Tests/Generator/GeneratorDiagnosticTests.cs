using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Verify = Charm.TokenDistributor.Generators.Tests.Generator.GeneratorDiagnosticVerifier;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// Every reason the generator leaves a charm, an attribute, a hook or a mirror key out is a diagnostic it reports
/// itself, at the place to change (CTD4001–CTD4007, CTD4009–CTD4014), so that it reaches a build the compiler stops
/// with declaration errors before running analyzers (the packaging tests build such projects for real).
/// </summary>
public sealed class GeneratorDiagnosticTests
{
    [Fact]
    public Task A_well_formed_charm_reports_nothing()
        => Verify.VerifyAsync(Sources.Usings + """
            using Charm.TokenDistributor.Events;

            [TokenDistributorConsumer("cluster", "microovn", "cluster")]
            [TokenDistributorProvider("microcluster-cluster")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) => InitializeTokenDistributor();

                partial void OnClusterJoined(ClusterJoinedEvent e) { }

                partial void OnClusterJoinArguments(System.Collections.Generic.List<string> args) { }

                partial void OnClusterPreJoin(Charm.TokenDistributor.Events.ClusterPreJoinEvent e) { }

                partial void OnLocalHook(int n);

                partial void OnLocalHook(int n) { }

                [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }
            }
            """);

    [Fact]
    public Task A_class_that_is_not_partial_is_reported_by_the_generator_too()
        => Verify.VerifyAsync(Sources.Usings + """
            using Charm.TokenDistributor.Events;

            public static class Outer
            {
                [TokenDistributorConsumer("cluster", "microctl")]
                public sealed partial class {|#0:Inner|} : CharmBase
                {
                    partial void OnClusterJoined(ClusterJoinedEvent e) { }
                }
            }

            [TokenDistributorProvider("distributor")]
            public sealed class {|#1:Bare|} : CharmBase
            {
                public Bare(CharmContext context) : base(context) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.CharmClassMustBePartial).WithLocation(0).WithArguments("Inner"),
            Verify.Diagnostic(DiagnosticDescriptors.CharmClassMustBePartial).WithLocation(1).WithArguments("Bare"));

    [Fact]
    public Task Class_shape_problems_are_errors()
        => Verify.VerifyAsync(Sources.Usings + """
            [TokenDistributorProvider("distributor")]
            public partial class {|#0:NotACharm|} { }

            [TokenDistributorConsumer("cluster", "microctl")]
            public partial class {|#1:Generic|}<T> : CharmBase
            {
                public Generic(CharmContext context) : base(context) => InitializeTokenDistributor();

                private void InitializeTokenDistributor() { }
            }

            [TokenDistributorProvider("distributor")]
            public partial record {|#2:RecordCharm|}(int Unused);

            [TokenDistributorProvider("distributor")]
            public static partial class {|#3:StaticCharm|} { }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase).WithLocation(0).WithArguments("NotACharm", "TokenDistributorProvider"),
            Verify.Diagnostic(DiagnosticDescriptors.GenericCharmClass).WithLocation(1).WithArguments("Generic"),
            Verify.Diagnostic(DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase).WithLocation(2).WithArguments("RecordCharm", "TokenDistributorProvider"),
            Verify.Diagnostic(DiagnosticDescriptors.CharmClassMustDeriveFromCharmBase).WithLocation(3).WithArguments("StaticCharm", "TokenDistributorProvider"));

    [Fact]
    public Task A_primary_constructor_is_an_error()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm{|#0:(CharmContext context)|} : CharmBase(context)
            {
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.PrimaryConstructorCharm).WithLocation(0).WithArguments("MyCharm", "InitializeTokenDistributor"));

    [Fact]
    public Task A_file_local_charm_is_an_error()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorProvider("distributor")]
            file sealed partial class {|#0:MyCharm|} : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) => InitializeTokenDistributor();

                private void InitializeTokenDistributor() { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.FileLocalCharm).WithLocation(0).WithArguments("MyCharm"));

    [Fact]
    public Task Attribute_argument_problems_are_errors()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer({|#0:""|}, "microctl")]
            [TokenDistributorConsumer("cluster", "microovn", {|#1:" "|})]
            [{|#2:TokenDistributorConsumer("other")|}]
            [TokenDistributorConsumer({|#3:"cluster"|}, "microctl")]
            [TokenDistributorProvider({|#4:"other"|})]
            [TokenDistributorProvider({|#5:"  "|})]
            [TokenDistributorConsumer({|#6:"--"|}, "microctl")]
            [TokenDistributorConsumer("my-db", "dbctl")]
            [TokenDistributorProvider({|#7:"my_db"|})]
            [TokenDistributorConsumer({|#8:"my-charm"|}, "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) => InitializeTokenDistributor();
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.EmptyRelationName).WithLocation(0).WithArguments("TokenDistributorConsumer", "needs the relation's endpoint name from charmcraft.yaml, e.g. \"cluster\""),
            Verify.Diagnostic(DiagnosticDescriptors.EmptyConsumerCommand).WithLocation(1).WithArguments("cluster", "has an empty word in its cluster command: give one word per argument, e.g. \"microovn\", \"cluster\""),
            Verify.Diagnostic(DiagnosticDescriptors.EmptyConsumerCommand).WithLocation(2).WithArguments("other", "needs the cluster command, one word per argument, e.g. \"microctl\""),
            Verify.Diagnostic(DiagnosticDescriptors.RelationClaimedTwice).WithLocation(3).WithArguments("cluster", "TokenDistributorConsumer", "MyCharm"),
            Verify.Diagnostic(DiagnosticDescriptors.EmptyRelationName).WithLocation(6).WithArguments("TokenDistributorConsumer", "names the relation '--', which has no letter or digit to name its generated members after: use the endpoint's name from charmcraft.yaml"),
            Verify.Diagnostic(DiagnosticDescriptors.EmptyRelationName).WithLocation(8).WithArguments("TokenDistributorConsumer", "names the relation 'my-charm', whose generated member 'MyCharm' would clash with the class's own name: rename the endpoint (or the class)"),
            Verify.Diagnostic(DiagnosticDescriptors.ConsumerAndProviderOnSameRelation).WithLocation(4).WithArguments("other", "MyCharm"),
            Verify.Diagnostic(DiagnosticDescriptors.EmptyRelationName).WithLocation(5).WithArguments("TokenDistributorProvider", "needs the relation's endpoint name from charmcraft.yaml, e.g. \"cluster\""),
            Verify.Diagnostic(DiagnosticDescriptors.EmptyRelationName).WithLocation(7).WithArguments("TokenDistributorProvider", "names the relation 'my_db', whose generated member 'MyDb' would clash with the member of the relation 'my-db': rename the endpoint (or the class)"));

    [Fact]
    public Task A_relation_an_attributed_base_charm_claims_is_not_claimed_again_by_a_derived_one()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            public abstract partial class BaseCharm : CharmBase
            {
            }

            [TokenDistributorConsumer({|#0:"cluster"|}, "microctl")]
            [TokenDistributorProvider({|#1:"cluster"|})]
            [TokenDistributorConsumer("backup", "microctl")]
            public sealed partial class DerivedCharm : BaseCharm
            {
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.RelationClaimedTwice).WithLocation(0).WithArguments("cluster", "TokenDistributorConsumer", "BaseCharm"),
            Verify.Diagnostic(DiagnosticDescriptors.RelationClaimedTwice).WithLocation(1).WithArguments("cluster", "TokenDistributorConsumer", "BaseCharm"));

    [Fact]
    public Task Mirror_key_problems_are_errors()
        => Verify.VerifyAsync(
            Sources.Usings + """
            [TokenDistributorConsumer("cluster", "microctl")]
            [TokenDistributorConsumer("backup", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                public MyCharm(CharmContext context) : base(context) => InitializeTokenDistributor();

                [MirrorKey("a", Relation = "cluster")] public string? {|#0:NotPartial|} { get; set; }
                [MirrorKey("b", Relation = "cluster")] public partial int {|#1:NotAString|} { get; set; }
                [MirrorKey({|#2:"mirror-c"|}, Relation = "cluster")] public partial string? Prefixed { get; set; }
                [MirrorKey({|#3:""|}, Relation = "cluster")] public partial string? Empty { get; set; }
                [MirrorKey({|#4:"d e"|}, Relation = "cluster")] public partial string? Spaced { get; set; }
                [MirrorKey("ca-cert", Relation = "cluster")] public partial string? First { get; set; }
                [MirrorKey({|#5:"ca-cert"|}, Relation = "cluster")] public partial string? Second { get; set; }
                [MirrorKey("ca-cert", Relation = "backup")] public partial string? OtherRelation { get; set; }
                [MirrorKey("f", {|#6:Relation = "unknown"|})] public partial string? Unknown { get; set; }
                [{|#7:MirrorKey("g")|}] public partial string? Ambiguous { get; set; }
                [MirrorKey("h", Relation = "cluster")] public static partial string? {|#9:Shared|} { get; set; }
            }

            public sealed partial class Plain : CharmBase
            {
                public Plain(CharmContext context) : base(context) { }

                [MirrorKey("h")] public partial string? {|#8:Orphan|} { get; set; }
            }

            [TokenDistributorProvider("distributor")]
            public sealed partial class ProviderOnly : CharmBase
            {
                [MirrorKey("i")] public partial string? {|#10:NoConsumer|} { get; set; }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKeyProperty).WithLocation(0).WithArguments("NotPartial", "must be partial: the generator implements it"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKeyProperty).WithLocation(1).WithArguments("NotAString", "must be of type string or string?"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKey).WithLocation(2).WithArguments("mirror-c", "already starts with 'mirror-': give the key without the prefix"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKey).WithLocation(3).WithArguments("", "needs a key: the part after 'mirror-', e.g. \"ca-cert\""),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKey).WithLocation(4).WithArguments("d e", "is not a valid databag key: no white space or '='"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKey).WithLocation(5).WithArguments("ca-cert", "is declared twice on the relation 'cluster' (also by 'First'): give each property its own key"),
            Verify.Diagnostic(DiagnosticDescriptors.MirrorKeyRelationMismatch).WithLocation(6).WithArguments("Unknown", "names the relation 'unknown', which no [TokenDistributorConsumer] on the class declares (cluster, backup)"),
            Verify.Diagnostic(DiagnosticDescriptors.MirrorKeyRelationMismatch).WithLocation(7).WithArguments("Ambiguous", "must set Relation: the class consumes several relations (cluster, backup)"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKeyProperty).WithLocation(9).WithArguments("Shared", "must be an instance property"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKeyProperty).WithLocation(10).WithArguments("NoConsumer", "is in a class without [TokenDistributorConsumer]: a mirrored value belongs to a consumer relation"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidMirrorKeyProperty).WithLocation(8).WithArguments("Orphan", "is in a class without [TokenDistributorConsumer]: a mirrored value belongs to a consumer relation"));

    [Fact]
    public Task A_hook_name_close_to_a_generated_one_asks_did_you_mean()
        => Verify.VerifyAsync(
            Sources.Usings + """
            using Charm.TokenDistributor.Events;

            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                partial void {|#0:OnClusterJoind|}(ClusterJoinedEvent e) { }

                partial void {|#1:OnclusterBootstrapped|}(ClusterBootstrappedEvent e) { }

                partial void {|#2:OnClusterJoinArgument|}(System.Collections.Generic.List<string> args) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(0).WithArguments("OnClusterJoind", "implements no generated hook; did you mean 'OnClusterJoined'?"),
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(1).WithArguments("OnclusterBootstrapped", "implements no generated hook; did you mean 'OnClusterBootstrapped'?"),
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(2).WithArguments("OnClusterJoinArgument", "implements no generated hook; did you mean 'OnClusterJoinArguments'?"));

    [Fact]
    public Task Hooks_named_after_another_relation_say_which_names_the_class_has()
        => Verify.VerifyAsync(
            Sources.Usings + """
            using Charm.TokenDistributor.Events;

            // The relation was renamed in the attribute, not in the hooks.
            [TokenDistributorConsumer("peers", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                partial void {|#0:OnClusterJoined|}(ClusterJoinedEvent e) { }
            }

            [TokenDistributorProvider("distributor")]
            public sealed partial class DistributorCharm : CharmBase
            {
                partial void {|#1:OnClusterJoined|}(ClusterJoinedEvent e) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(0).WithArguments(
                "OnClusterJoined",
                "implements no generated hook: hooks are named after the class's consumer relations, which give 'OnPeersJoined' (relation 'peers'); no relation of this class is named 'Cluster'"),
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(1).WithArguments(
                "OnClusterJoined",
                "implements no generated hook: hooks belong to a [TokenDistributorConsumer] relation, and this class completes none"));

    [Fact]
    public Task A_hook_with_another_signature_or_without_partial_is_reported()
        => Verify.VerifyAsync(
            Sources.Usings + """
            using Charm.TokenDistributor.Events;

            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                partial void {|#0:OnClusterJoined|}() { }

                partial void {|#1:OnClusterBootstrapped|}(ClusterJoinedEvent e) { }

                private void {|#2:OnClusterPreJoin|}(ClusterPreJoinEvent e) { }

                partial void {|#3:OnClusterJoinArguments|}(System.Collections.Generic.List<int> args) { }

                // Not a hook's parameter: an overload of the author's own, not reported.
                private void OnClusterTokenGenerated(string host) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(0).WithArguments("OnClusterJoined", "implements the generated hook with another signature: declare it 'partial void OnClusterJoined(ClusterJoinedEvent e)'"),
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(1).WithArguments("OnClusterBootstrapped", "implements the generated hook with another signature: declare it 'partial void OnClusterBootstrapped(ClusterBootstrappedEvent e)'"),
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(2).WithArguments("OnClusterPreJoin", "has the name and parameter of a generated hook but is not partial, so it is not the hook: declare it 'partial void OnClusterPreJoin(ClusterPreJoinEvent e)'"),
            Verify.Diagnostic(DiagnosticDescriptors.HookMethodMismatch).WithLocation(3).WithArguments("OnClusterJoinArguments", "implements the generated hook with another signature: declare it 'partial void OnClusterJoinArguments(List<string> args)'"));

    [Fact]
    public Task Hooks_of_a_relation_left_out_for_another_reason_are_not_reported_again()
        => Verify.VerifyAsync(
            Sources.Usings + """
            using Charm.TokenDistributor.Events;

            [{|#0:TokenDistributorConsumer("cluster")|}]
            public sealed partial class MyCharm : CharmBase
            {
                partial void OnClusterJoined(ClusterJoinedEvent e) { }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.EmptyConsumerCommand).WithLocation(0).WithArguments("cluster", "needs the cluster command, one word per argument, e.g. \"microctl\""));

    [Fact]
    public void A_misnamed_hook_is_not_subscribed_and_a_matching_one_is()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
            using Charm.Framework;
            using Charm.TokenDistributor;
            using Charm.TokenDistributor.Events;

            namespace Demo;

            /// <summary>A charm.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                partial void OnClusterJoined(Charm.TokenDistributor.Events.ClusterJoinedEvent e) { }

                partial void OnClusterBootstrapped(ClusterJoinedEvent e) { }
            }
            """));

        var generated = run.Source("Demo.MyCharm.TokenDistributor.g.cs");
        Assert.Contains("this.Cluster.Consumer.Joined += this.OnClusterJoined;", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Bootstrapped += ", generated, StringComparison.Ordinal);
        Assert.Equal([RuleIdentifiers.HookMethodMismatch], run.GeneratorDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void Diagnostics_are_the_same_whether_members_are_read_from_syntax_or_bound()
    {
        var compilation = GeneratorHarness.CreateCompilation(Sources.Usings + """
            using Charm.TokenDistributor.Events;
            using Mirrored = Charm.TokenDistributor.MirrorKeyAttribute;

            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class MyCharm : CharmBase
            {
                partial void OnClusterJoind(ClusterJoinedEvent e) { }

                [MirrorKey("mirror-x")] public partial string? Prefixed { get; set; }

                [MirrorKey("y")] public partial System.Int32 Number { get; set; }

                [Mirrored("z", Relation = "other")] public partial string? Aliased { get; set; }
            }
            """);

        static string[] Diagnostics(TokenDistributorGenerator generator, Compilation compilation)
        {
            CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
                .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            return diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal).ToArray();
        }

        var fromSyntax = Diagnostics(new TokenDistributorGenerator(), compilation);
        var fromBinding = Diagnostics(new TokenDistributorGenerator(readMembersFromSyntax: false), compilation);

        Assert.Equal(4, fromSyntax.Length);
        Assert.Equal(fromBinding, fromSyntax);
    }

    [Fact]
    public void A_generator_diagnostic_is_located_in_the_authors_syntax_tree()
    {
        // A source location in the author's tree, not a copy holding only the file path as dotnet/runtime's generators
        // keep: only then does the compiler apply #pragma and .editorconfig severities to it, and drop it as a duplicate
        // of the analyzer's identical CTD4001 (the real-build tests in Charm.Packaging.Tests show both).
        var compilation = GeneratorHarness.CreateCompilation(Sources.Usings + """
            [TokenDistributorProvider("distributor")]
            public sealed class Loud : CharmBase { public Loud(CharmContext c) : base(c) { } }
            """);
        var run = GeneratorHarness.Run(compilation);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(RuleIdentifiers.CharmClassMustBePartial, diagnostic.Id);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Same(compilation.SyntaxTrees[0], diagnostic.Location.SourceTree);
        Assert.Equal("Loud", compilation.SyntaxTrees[0].GetText().ToString(diagnostic.Location.SourceSpan));
    }
}

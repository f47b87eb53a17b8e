using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>The generated half plus the user's half compiles the way a charm project builds: nullable, warnings as errors, documented.</summary>
public sealed class CompileTests
{
    [Theory]
    [MemberData(nameof(CharmSources.CaseNames), MemberType = typeof(CharmSources))]
    public void Generated_code_and_user_code_compile_without_any_diagnostic(string caseName)
    {
        var (source, kind) = CharmSources.Cases[caseName];
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, kind));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void An_executable_with_one_charm_and_no_main_gets_the_generated_entry_point()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(CharmSources.EntryPoint, OutputKind.ConsoleApplication));

        var entryPoint = run.Output.GetEntryPoint(CancellationToken.None);
        Assert.NotNull(entryPoint);
        Assert.Equal("Distributor.CharmProgram.Main()", entryPoint.ToDisplayString());
        Assert.Contains(run.Sources, s => s.HintName == "CharmProgram.g.cs");
    }

    [Fact]
    public void No_entry_point_is_generated_for_a_library()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(CharmSources.EntryPoint));

        Assert.DoesNotContain(run.Sources, s => s.HintName == "CharmProgram.g.cs");
    }

    [Fact]
    public void No_entry_point_is_generated_when_the_user_wrote_top_level_statements()
    {
        const string program = """
            return Charm.Framework.Dispatch.Dispatcher.Run(static ctx => new Distributor.DistributorCharm(ctx));
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([CharmSources.EntryPoint, program], OutputKind.ConsoleApplication));

        Assert.DoesNotContain(run.Sources, s => s.HintName == "CharmProgram.g.cs");
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void No_entry_point_is_generated_when_the_user_wrote_a_static_main()
    {
        const string program = """
            namespace Distributor;

            internal static class Program
            {
                private static int Main() => Charm.Framework.Dispatch.Dispatcher.Run(static ctx => new DistributorCharm(ctx));
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([CharmSources.EntryPoint, program], OutputKind.ConsoleApplication));

        Assert.DoesNotContain(run.Sources, s => s.HintName == "CharmProgram.g.cs");
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void A_member_named_main_that_is_not_a_static_method_does_not_stop_the_entry_point()
    {
        const string other = """
            namespace Distributor;

            /// <summary>Has members named Main that are no entry points.</summary>
            public sealed class Screen
            {
                /// <summary>An instance method.</summary>
                public int Main() => 1;
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([CharmSources.EntryPoint, other], OutputKind.ConsoleApplication));

        Assert.Contains(run.Sources, s => s.HintName == "CharmProgram.g.cs");
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void Editing_a_file_to_add_or_remove_a_static_main_updates_the_entry_point()
    {
        const string instanceMain = """
            namespace Distributor;

            /// <summary>Nested, in a namespace block: the syntactic check walks type members at any depth.</summary>
            public static class Outer
            {
                /// <summary>Not an entry point yet.</summary>
                public sealed class Program
                {
                    /// <summary>An instance method.</summary>
                    public int Main() => 1;
                }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation([CharmSources.EntryPoint, instanceMain], OutputKind.ConsoleApplication);
        var program = compilation.SyntaxTrees.Last();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains(GeneratorHarness.GeneratedSources(driver), s => s.HintName == "CharmProgram.g.cs");

        var staticText = program.GetText().ToString().Replace("public int Main() => 1;", "public static int Main() => 1;", StringComparison.Ordinal);
        var withMain = compilation.ReplaceSyntaxTree(program, program.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(staticText)));
        driver = driver.RunGenerators(withMain);
        Assert.DoesNotContain(GeneratorHarness.GeneratedSources(driver), s => s.HintName == "CharmProgram.g.cs");

        var withoutMain = withMain.ReplaceSyntaxTree(withMain.SyntaxTrees.Last(), program.WithChangedText(program.GetText()));
        driver = driver.RunGenerators(withoutMain);
        Assert.Contains(GeneratorHarness.GeneratedSources(driver), s => s.HintName == "CharmProgram.g.cs");
    }

    [Fact]
    public void No_entry_point_is_generated_when_two_classes_carry_the_attributes()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([CharmSources.EntryPoint, CharmSources.Consumer], OutputKind.ConsoleApplication));

        Assert.DoesNotContain(run.Sources, s => s.HintName == "CharmProgram.g.cs");
        Assert.Equal(2, run.Sources.Count);
    }

    [Theory]
    [InlineData("[TokenDistributorProvider(\"dist\")] public abstract partial class AbstractCharm : CharmBase { }")]
    [InlineData("internal partial class Outer { [TokenDistributorProvider(\"dist\")] private sealed partial class HiddenCharm : CharmBase { } }")]
    [InlineData("[TokenDistributorProvider(\"dist\")] public sealed partial class PrivateCtorCharm : CharmBase { private PrivateCtorCharm(CharmContext c) : base(c) => InitializeTokenDistributor(); }")]
    public void No_entry_point_is_generated_for_a_charm_main_could_not_construct(string declaration)
    {
        var source = "using Charm.Framework; using Charm.Framework.Dispatch; using Charm.TokenDistributor;\n" + declaration;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, OutputKind.ConsoleApplication));

        Assert.Single(run.Sources);
        Assert.DoesNotContain(run.Sources, s => s.HintName == "CharmProgram.g.cs");
    }

    [Theory]
    [InlineData("generic", "[TokenDistributorConsumer(\"cluster\", \"microctl\")] public partial class MyCharm<T> : CharmBase { public MyCharm(CharmContext c) : base(c) { } }", "CTD4007")]
    [InlineData("not partial", "[TokenDistributorConsumer(\"cluster\", \"microctl\")] public class MyCharm : CharmBase { public MyCharm(CharmContext c) : base(c) { } }", "CTD4001")]
    [InlineData("not a charm", "[TokenDistributorConsumer(\"cluster\", \"microctl\")] public partial class MyCharm { }", "CTD4002")]
    [InlineData("containing type not partial", "public class Outer { [TokenDistributorConsumer(\"cluster\", \"microctl\")] public partial class MyCharm : CharmBase { public MyCharm(CharmContext c) : base(c) { } } }", "CTD4001")]
    [InlineData("no command", "[TokenDistributorConsumer(\"cluster\")] public partial class MyCharm : CharmBase { public MyCharm(CharmContext c) : base(c) { } }", "CTD4004")]
    [InlineData("empty relation", "[TokenDistributorProvider(\"\")] public partial class MyCharm : CharmBase { public MyCharm(CharmContext c) : base(c) { } }", "CTD4003")]
    public void Nothing_is_generated_for_a_class_the_generator_cannot_complete_and_it_says_why(string why, string declaration, string rule)
    {
        var source = "using Charm.Framework; using Charm.Framework.Dispatch; using Charm.TokenDistributor;\n" + declaration;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));

        Assert.True(run.Sources.Count == 0, why);
        Assert.Equal([rule], run.GeneratorDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void Observer_ids_name_the_class_and_the_hook_and_the_method_only_for_an_event_observed_twice()
    {
        const string source = """
            using Charm.Framework;
            using Charm.Framework.Events;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>A charm.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class IdCharm : CharmBase
            {
                [On(JujuEventKind.ConfigChanged)]
                private void Configure() { }

                [On(JujuEventKind.ConfigChanged)]
                private void Restart() { }

                [On(JujuEventKind.RelationDeparted, "cluster")]
                private void Departed(RelationDepartedEvent e) { }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        var generated = run.Source("Demo.IdCharm.TokenDistributor.g.cs");

        Assert.Contains("EventKey.ConfigChanged, \"IdCharm/config-changed/Configure\", _ => this.Configure());", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.ConfigChanged, \"IdCharm/config-changed/Restart\", _ => this.Restart());", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.RelationDeparted(\"cluster\"), \"IdCharm/cluster-relation-departed\", this.Departed);", generated, StringComparison.Ordinal);
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void A_partial_class_with_the_attributes_on_two_declarations_is_generated_once()
    {
        const string first = """
            using Charm.Framework;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>Split over two files.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class SplitCharm : CharmBase
            {
            }
            """;
        const string second = """
            using Charm.TokenDistributor;
            using Charm.TokenDistributor.Events;

            namespace Demo;

            [TokenDistributorConsumer("other", "microctl")]
            [TokenDistributorProvider("distributor")]
            public sealed partial class SplitCharm
            {
                partial void OnOtherJoined(ClusterJoinedEvent e) => Log.Info("joined other");
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([first, second]));

        var generated = Assert.Single(run.Sources);
        Assert.Contains("public ClusterTokenDistributor Cluster { get; private set; }", generated.Text, StringComparison.Ordinal);
        Assert.Contains("public OtherTokenDistributor Other { get; private set; }", generated.Text, StringComparison.Ordinal);
        Assert.Contains("public global::Charm.TokenDistributor.Provider.TokenDistributorProvider Distributor { get; private set; }", generated.Text, StringComparison.Ordinal);
        Assert.Contains("this.Other.Consumer.Joined += this.OnOtherJoined;", generated.Text, StringComparison.Ordinal);
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void A_second_attribute_for_the_same_relation_or_member_name_is_left_to_the_analyzers()
    {
        const string source = """
            using Charm.Framework;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>Declares clashing relations.</summary>
            [TokenDistributorConsumer("cluster", "first")]
            [TokenDistributorConsumer("cluster", "second")]
            [TokenDistributorProvider("cluster")]
            [TokenDistributorConsumer("my-db", "db")]
            [TokenDistributorConsumer("my_db", "other-db")]
            public sealed partial class ClashingCharm : CharmBase
            {
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        var text = Assert.Single(run.Sources).Text;

        Assert.Contains("new global::Charm.TokenDistributor.Cli.ClusterCommand(\"first\")", text, StringComparison.Ordinal);
        Assert.Contains("new global::Charm.TokenDistributor.Cli.ClusterCommand(\"db\")", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"second\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"other-db\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TokenDistributorProvider(this", text, StringComparison.Ordinal);
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void A_user_constructor_that_skips_the_initialiser_is_caught_by_nullable_analysis()
    {
        const string source = """
            using Charm.Framework;
            using Charm.Framework.Dispatch;
            using Charm.TokenDistributor;

            namespace Demo;

            /// <summary>Forgets to initialise.</summary>
            [TokenDistributorConsumer("cluster", "microctl")]
            public sealed partial class ForgetfulCharm : CharmBase
            {
                /// <summary>Creates the charm.</summary>
                public ForgetfulCharm(CharmContext context)
                    : base(context)
                {
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));

        // CS8618: the generated Cluster property is non-nullable and only InitializeTokenDistributor sets it.
        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS8618" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Cluster", StringComparison.Ordinal));
    }
}

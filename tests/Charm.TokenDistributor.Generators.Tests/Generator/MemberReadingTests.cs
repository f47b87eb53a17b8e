using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// The generator reads <c>[On]</c> and <c>[MirrorKey]</c> members from syntax when that is certain (it reruns on every
/// edit, and binding is what costs). These tests hold it to what binding every member gives, on the usual spellings
/// and on the unusual ones where syntax must hand over to the binder.
/// </summary>
public sealed class MemberReadingTests
{
    private const string Header = """
        using System;
        using Charm.Framework;
        using Charm.Framework.Events;
        using Charm.TokenDistributor;

        """;

    private static readonly Dictionary<string, string[]> Unusual = new(StringComparer.Ordinal)
    {
        ["qualified attributes"] =
        [
            """
            namespace Demo;

            [Charm.TokenDistributor.TokenDistributorConsumer("cluster", "microctl")]
            internal sealed partial class QualifiedCharm : Charm.Framework.CharmBase
            {
                [Charm.Framework.Events.On(Charm.Framework.Events.JujuEventKind.Start)]
                private void Started(Charm.Framework.Events.StartEvent e) => Unit.Status = Charm.Framework.Model.Status.Active(e.Name);

                [global::Charm.TokenDistributor.MirrorKey("ca-cert")]
                internal partial string? CaCert { get; set; }
            }
            """,
        ],
        ["alias for the attribute"] =
        [
            Header + """
            using Wire = Charm.Framework.Events.OnAttribute;
            using Mirrored = Charm.TokenDistributor.MirrorKeyAttribute;

            namespace Demo;

            [TokenDistributorConsumer("cluster", "microctl")]
            internal sealed partial class AliasCharm : CharmBase
            {
                [Wire(JujuEventKind.Stop)]
                private void Stopped(StopEvent e) => Log.Info(e.Name);

                [Mirrored("ca-cert")]
                internal partial string? CaCert { get; set; }
            }
            """,
        ],
        ["constant arguments"] =
        [
            Header + """
            namespace Demo;

            [TokenDistributorConsumer(Relation, "microctl")]
            internal sealed partial class ConstantCharm : CharmBase
            {
                private const string Relation = "cluster";
                private const string Peers = "peers";
                private const string Key = "ca-cert";

                [On(JujuEventKind.RelationJoined, Peers)]
                private void PeerJoined(RelationJoinedEvent e) => Log.Info(e.Name);

                [On((JujuEventKind)5)]
                private void Configured(ConfigChangedEvent e) => Log.Info(e.Name);

                [MirrorKey(Key, Relation = Relation)]
                internal partial string? CaCert { get; set; }
            }
            """,
        ],
        ["declared inside the attribute's namespace"] =
        [
            """
            namespace Charm
            {
                namespace Framework.Events.Custom
                {
                    [Charm.TokenDistributor.TokenDistributorConsumer("cluster", "microctl")]
                    internal sealed partial class InsideCharm : CharmBase
                    {
                        [On(JujuEventKind.Start)]
                        private void Started(StartEvent e) => Unit.Status = Charm.Framework.Model.Status.Active(e.Name);
                    }
                }
            }

            namespace Charm.TokenDistributor.Custom
            {
                [TokenDistributorConsumer("cluster", "microctl")]
                internal sealed partial class MirrorInsideCharm : Charm.Framework.CharmBase
                {
                    [MirrorKey("ca-cert")]
                    internal partial string? CaCert { get; set; }
                }
            }
            """,
        ],
        ["global using in another file"] =
        [
            """
            global using Charm.Framework.Events;
            global using Charm.TokenDistributor;
            """,
            """
            namespace Demo;

            [TokenDistributorConsumer("cluster", "microctl")]
            internal sealed partial class GlobalUsingCharm : Charm.Framework.CharmBase
            {
                [On(JujuEventKind.Install)]
                private void Installed() => Log.Info("installed");

                [MirrorKey("ca-cert")]
                internal partial string? CaCert { get; set; }
            }
            """,
        ],
        ["an unrelated attribute named On"] =
        [
            """
            namespace Other
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                internal sealed class OnAttribute : System.Attribute
                {
                    public OnAttribute(Charm.Framework.Events.JujuEventKind kind) => Kind = kind;

                    public Charm.Framework.Events.JujuEventKind Kind { get; }
                }
            }
            """,
            """
            using Charm.Framework;
            using Charm.TokenDistributor;
            using Other;
            using Kind = Charm.Framework.Events.JujuEventKind;

            namespace Demo;

            [TokenDistributorConsumer("cluster", "microctl")]
            internal sealed partial class ForeignOnCharm : CharmBase
            {
                [On(Kind.Start)]
                internal void NotWired(Charm.Framework.Events.StartEvent e) => Log.Info(e.Name);
            }
            """,
        ],
        ["types spelled differently"] =
        [
            Header + """
            namespace Demo;

            [TokenDistributorConsumer("cluster", "microctl")]
            internal sealed partial class SpellingCharm : CharmBase
            {
                [MirrorKey("ca-cert")]
                internal partial String? CaCert { get; set; }

                [MirrorKey("name")]
                internal partial System.String Name { get; set; }

                [On(JujuEventKind.UpdateStatus)]
                private void Refresh(Charm.Framework.Events.HookEvent e) => Log.Info(e.Name);

                [On(JujuEventKind.LeaderElected)]
                private void Elected(Object e) => Log.Info("elected");
            }
            """,
        ],
        ["shapes the generator does not wire"] =
        [
            Header + """
            namespace Demo;

            [TokenDistributorConsumer("cluster", "microctl")]
            internal sealed partial class ShapesCharm : CharmBase
            {
                [On(JujuEventKind.Start)]
                internal void WrongEvent(InstallEvent e) => Log.Info(e.Name);

                [On(JujuEventKind.Start)]
                internal int ReturnsValue(StartEvent e) => e.Name.Length;

                [On(JujuEventKind.Start)]
                internal void TwoParameters(StartEvent e, int n) => Log.Info(e.Name + n);

                [On(JujuEventKind.Start)]
                internal void Generic<T>(StartEvent e) => Log.Info(e.Name + typeof(T).Name);

                [On(JujuEventKind.RelationChanged)]
                internal void NoEndpoint(RelationChangedEvent e) => Log.Info(e.Name);

                [On(JujuEventKind.Other)]
                internal void OtherKind(HookEvent e) => Log.Info(e.Name);

                [On(JujuEventKind.Install, "ignored-endpoint")]
                private void Installed(InstallEvent e) => Log.Info(e.Name);

                [MirrorKey("implemented")]
                internal partial string? Implemented { get; set; }

                internal partial string? Implemented { get => "x"; set { } }
            }
            """,
        ],
    };

    public static TheoryData<string> Inputs => [.. CharmSources.Cases.Keys, .. Unusual.Keys];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Reading_members_from_syntax_generates_what_binding_them_generates(string input)
    {
        var (sources, kind) = CharmSources.Cases.TryGetValue(input, out var known) ? ([known.Source], known.Kind) : (Unusual[input], OutputKind.DynamicallyLinkedLibrary);
        var compilation = GeneratorHarness.CreateCompilation(sources, kind);

        var fromSyntax = Generate(new TokenDistributorGenerator(), compilation);
        var fromBinding = Generate(new TokenDistributorGenerator(readMembersFromSyntax: false), compilation);

        Assert.NotEmpty(fromBinding);
        Assert.Equal(fromBinding, fromSyntax);
    }

    [Fact]
    public void The_unusual_spellings_are_wired_as_written()
    {
        var generated = string.Join("\n", Unusual.Values.SelectMany(sources =>
            Generate(new TokenDistributorGenerator(), GeneratorHarness.CreateCompilation(sources))).Select(s => s.Text));

        Assert.Contains("EventKey.Start, \"QualifiedCharm/start\", this.Started);", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.Stop, \"AliasCharm/stop\", this.Stopped);", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.Start, \"InsideCharm/start\", this.Started);", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.RelationJoined(\"peers\"), \"ConstantCharm/peers-relation-joined\", this.PeerJoined);", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.ConfigChanged, \"ConstantCharm/config-changed\", this.Configured);", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.Install, \"GlobalUsingCharm/install\", _ => this.Installed());", generated, StringComparison.Ordinal);
        Assert.Contains("get => this.Cluster.Consumer.FindValue(\"name\", keepEmpty: false) ?? string.Empty;", generated, StringComparison.Ordinal);
        Assert.Contains("EventKey.LeaderElected, \"SpellingCharm/leader-elected\", this.Elected);", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("this.NotWired", generated, StringComparison.Ordinal);

        // Not wired, as CTD3003 says: the wrong shapes, and an endpoint on an event that belongs to no relation.
        var shapes = Generate(new TokenDistributorGenerator(), GeneratorHarness.CreateCompilation(Unusual["shapes the generator does not wire"]))
            .Single(s => s.HintName.Contains("ShapesCharm", StringComparison.Ordinal)).Text;
        Assert.Contains("InitializeTokenDistributor()", shapes, StringComparison.Ordinal);
        foreach (var unwired in new[] { "WrongEvent", "ReturnsValue", "TwoParameters", "Generic", "NoEndpoint", "OtherKind", "Installed" })
        {
            Assert.DoesNotContain("this." + unwired, shapes, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("string? Implemented", generated, StringComparison.Ordinal);

        Assert.Equal(6, generated.Split("FindValue(\"ca-cert\"").Length - 1);
    }

    [Theory]
    [InlineData("using Charm.Framework.Events; class C { [On(JujuEventKind.Start)] void M(StartEvent e) { } }", true)]
    [InlineData("class C { [Charm.Framework.Events.OnAttribute(Charm.Framework.Events.JujuEventKind.Start)] void M() { } }", true)]
    [InlineData("class C { [global::Charm.Framework.Events.On(JujuEventKind.Start)] void M(object e) { } }", true)]
    [InlineData("namespace Charm.Framework { namespace Events.Deeper { class C { [On(JujuEventKind.Start)] void M(HookEvent e) { } } } }", true)]
    [InlineData("namespace Charm.Framework.Events; class C { [On(JujuEventKind.RelationChanged, \"db\")] void M(RelationEvent e) { } }", true)]
    [InlineData("namespace Demo { using Charm.Framework.Events; class C { [On(JujuEventKind.Start)] void M(EventBase e) { } } }", true)]
    [InlineData("class C { [On(JujuEventKind.Start)] void M(StartEvent e) { } }", false)]
    [InlineData("using Charm.Framework; class C { [Events.On(JujuEventKind.Start)] void M(StartEvent e) { } }", false)]
    [InlineData("using Charm.Framework.Events; using On = Other.Thing; class C { [On(JujuEventKind.Start)] void M(StartEvent e) { } }", false)]
    [InlineData("using Charm.Framework.Events; class C { [On(Kinds.Start)] void M(StartEvent e) { } }", false)]
    [InlineData("using Charm.Framework.Events; class C { [On(JujuEventKind.RelationChanged, Endpoint)] void M(RelationEvent e) { } }", false)]
    [InlineData("using Charm.Framework.Events; class C { [On(JujuEventKind.Start)] void M(MyEvent e) { } }", false)]
    [InlineData("namespace Charm.FrameworkX.Events { class C { [On(JujuEventKind.Start)] void M(StartEvent e) { } } }", false)]
    public void Handlers_are_read_from_syntax_only_when_the_spelling_is_certain(string source, bool fromSyntax)
    {
        var method = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot()
            .DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single();
        var handlers = new List<Charm.TokenDistributor.Generators.Generator.Spec.HandlerSpec>();

        var read = MemberSyntaxReader.ReadHandlers(method, handlers, []);

        Assert.Equal(fromSyntax ? SyntaxRead.Done : SyntaxRead.NeedsSemantics, read);
        Assert.Equal(fromSyntax ? 1 : 0, handlers.Count);
    }

    [Theory]
    [InlineData("using Charm.TokenDistributor; class C { [MirrorKey(\"k\")] public partial string? P { get; set; } }", true)]
    [InlineData("using Charm.TokenDistributor; class C { [MirrorKey(\"k\", Relation = \"db\")] public partial string P { get; private set; } }", true)]
    [InlineData("class C { [Charm.TokenDistributor.MirrorKeyAttribute(\"k\")] internal partial string? P { get; } }", true)]
    [InlineData("class C { [MirrorKey(\"k\")] public partial string? P { get; set; } }", false)]
    [InlineData("using Charm.TokenDistributor; class C { [MirrorKey(Key)] public partial string? P { get; set; } }", false)]
    [InlineData("using Charm.TokenDistributor; class C { [MirrorKey(\"k\", Relation = R)] public partial string? P { get; set; } }", false)]
    [InlineData("using Charm.TokenDistributor; class C { [MirrorKey(\"k\")] public partial String? P { get; set; } }", false)]
    public void Mirror_keys_are_read_from_syntax_only_when_the_spelling_is_certain(string source, bool fromSyntax)
    {
        var property = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot()
            .DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax>().Single();

        var read = MirrorKeyReader.FromSyntax(property, out var candidate);

        Assert.Equal(fromSyntax ? SyntaxRead.Done : SyntaxRead.NeedsSemantics, read);
        Assert.Equal(fromSyntax, candidate?.Spec is not null);
    }

    private static IReadOnlyList<(string HintName, string Text)> Generate(TokenDistributorGenerator generator, Compilation compilation)
    {
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        GeneratorHarness.AssertBuildsClean(output);
        return GeneratorHarness.GeneratedSources(driver);
    }
}

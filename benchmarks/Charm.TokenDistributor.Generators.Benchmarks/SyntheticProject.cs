using System.Globalization;
using System.Text;
using Charm.Framework;
using Charm.TokenDistributor.Consumer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// A synthetic charm project: <see cref="CharmCount"/> attributed charm classes (one consumer each; every fourth also
/// a provider, every fifth a second consumer; each with hooks, a mirror key and an <c>[On]</c> handler) among
/// <see cref="OrdinaryCount"/> ordinary classes, one class per file, and a <c>Main</c>, parsed once: an executable, as a charm is.
/// </summary>
internal sealed class SyntheticProject
{
    public const int CharmCount = 200;
    public const int OrdinaryCount = 2000;

    public SyntheticProject()
    {
        ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        // A charm is an executable, and this one has its own Main: the generator's per-edit entry-point check then
        // does its full work (looking for top-level statements and a Main) instead of stopping at "library".
        Options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);
        References = LoadReferences();
        var trees = new List<SyntaxTree>(CharmCount + OrdinaryCount);
        for (var i = 0; i < CharmCount; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(Charm(i), ParseOptions, path: $"Charms/Charm{i}.cs", encoding: Encoding.UTF8));
        }

        for (var i = 0; i < OrdinaryCount; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(Ordinary(i, variant: 0), ParseOptions, path: $"Model/Type{i}.cs", encoding: Encoding.UTF8));
        }

        trees.Add(CSharpSyntaxTree.ParseText(EntryPoint, ParseOptions, path: "Program.cs", encoding: Encoding.UTF8));
        Trees = trees;

        // The unrelated edit: one ordinary class's method body changes, back and forth.
        UnrelatedTree = trees[CharmCount];
        UnrelatedEdits =
        [
            UnrelatedTree.WithChangedText(UnrelatedTree.GetText().Replace(0, UnrelatedTree.Length, Ordinary(0, variant: 1))),
            UnrelatedTree.WithChangedText(UnrelatedTree.GetText().Replace(0, UnrelatedTree.Length, Ordinary(0, variant: 2))),
        ];
    }

    public CSharpParseOptions ParseOptions { get; }

    public CSharpCompilationOptions Options { get; }

    public IReadOnlyList<MetadataReference> References { get; }

    public IReadOnlyList<SyntaxTree> Trees { get; }

    public SyntaxTree UnrelatedTree { get; }

    /// <summary>Two edited versions of <see cref="UnrelatedTree"/> to alternate between (each differs from the last one run).</summary>
    public IReadOnlyList<SyntaxTree> UnrelatedEdits { get; }

    /// <summary>A new compilation of the project: nothing bound yet.</summary>
    public CSharpCompilation CreateCompilation() => CSharpCompilation.Create("SyntheticCharms", Trees, References, Options);

    private const string EntryPoint = """
        namespace Bench;

        internal static class Program
        {
            private static int Main() => 0;
        }
        """;

    private static string Charm(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var provider = i % 4 == 0 ? "[TokenDistributorProvider(\"distributor\")]\n" : string.Empty;
        var second = i % 5 == 0 ? "[TokenDistributorConsumer(\"ceph-cluster\", \"microceph\", \"cluster\")]\n" : string.Empty;
        var caRelation = i % 5 == 0 ? ", Relation = \"cluster\"" : string.Empty;
        return $$"""
            using System.Collections.Generic;
            using Charm.Framework;
            using Charm.Framework.Events;
            using Charm.Framework.Model;
            using Charm.TokenDistributor;
            using Charm.TokenDistributor.Events;

            namespace Bench.Charms{{(i % 10).ToString(CultureInfo.InvariantCulture)}};

            [TokenDistributorConsumer("cluster", "microovn", "cluster", CliTimeoutSeconds = 30)]
            {{second}}{{provider}}public sealed partial class Charm{{n}} : CharmBase
            {
                private int _configured;

                partial void OnClusterJoined(ClusterJoinedEvent e) => Unit.Status = Status.Active(e.Bootstrapper ? "bootstrapped" : "joined");

                partial void OnClusterJoinArguments(List<string> args) => args.Add("--address=10.0.0.{{n}}");

                [MirrorKey("ca-cert"{{caRelation}})] public partial string? CaCert { get; set; }

                [On(JujuEventKind.ConfigChanged)]
                private void Configure(ConfigChangedEvent e) => _configured++;

                public int Configured => _configured;
            }
            """;
    }

    private static string Ordinary(int i, int variant)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return $$"""
            using System;
            using System.Collections.Generic;

            namespace Bench.Model{{(i % 20).ToString(CultureInfo.InvariantCulture)}};

            [Serializable]
            public sealed class Type{{n}}
            {
                private readonly List<int> _values = new();

                public int Id { get; set; }

                public string Name { get; set; } = "";

                [Obsolete("use Compute")]
                public int Old() => Compute(1);

                public int Compute(int x)
                {
                    var y = x * {{n}};
                    foreach (var v in _values)
                    {
                        y += v;
                    }

                    return y + {{variant.ToString(CultureInfo.InvariantCulture)}};
                }

                public override string ToString() => Name + Id;
            }
            """;
    }

    private static List<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator);
        var references = trusted
            .Where(p => p.Length > 0 && string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(CharmBase).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(TokenConsumer).Assembly.Location));
        return references;
    }
}

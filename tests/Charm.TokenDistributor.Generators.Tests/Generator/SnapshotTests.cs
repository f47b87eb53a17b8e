using System.Reflection;
using System.Text;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// The generated source for representative charms, compared byte for byte with the reviewed snapshots in
/// <c>Generator/Snapshots/&lt;case&gt;/&lt;hint name&gt;.txt</c> through the Roslyn source generator test harness, which
/// also fails on any compiler warning in the result. After an intended change, run the tests once with
/// <c>UPDATE_GENERATOR_SNAPSHOTS=1</c> and review the diff of the snapshot files.
/// </summary>
public sealed class SnapshotTests
{
    private const string UpdateVariable = "UPDATE_GENERATOR_SNAPSHOTS";

    /// <summary>Stands for the generator's version in snapshot files, so a version bump does not touch them.</summary>
    private const string VersionPlaceholder = "{GeneratorVersion}";

    [Theory]
    [MemberData(nameof(CharmSources.CaseNames), MemberType = typeof(CharmSources))]
    public async Task Generated_source_matches_the_snapshot(string caseName)
    {
        var (source, kind) = CharmSources.Cases[caseName];
        var directory = Path.Combine(SnapshotRoot(), caseName);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            WriteSnapshots(directory, GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, kind)).Sources);
        }

        Assert.True(Directory.Exists(directory), $"No snapshots for '{caseName}' in {directory}; run the tests with {UpdateVariable}=1 and review them.");
        var test = new GeneratorTest(kind) { TestCode = source };
        foreach (var file in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var hintName = Path.GetFileNameWithoutExtension(file);
            var text = (await File.ReadAllTextAsync(file)).Replace(VersionPlaceholder, GeneratorInfo.Version, StringComparison.Ordinal);
            test.TestState.GeneratedSources.Add((typeof(TokenDistributorGenerator), hintName, SourceText.From(text, Encoding.UTF8)));
        }

        await test.RunAsync();
    }

    private static void WriteSnapshots(string directory, IReadOnlyList<(string HintName, string Text)> sources)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var (hintName, text) in sources)
        {
            File.WriteAllText(Path.Combine(directory, hintName + ".txt"), text.Replace(GeneratorInfo.Version, VersionPlaceholder, StringComparison.Ordinal));
        }
    }

    /// <summary>The source tree's snapshot directory, recorded by the project file at build time.</summary>
    private static string SnapshotRoot() =>
        typeof(SnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "GeneratorSnapshotRoot")?.Value
        ?? throw new InvalidOperationException("The test assembly has no GeneratorSnapshotRoot metadata; it is set in the test project file.");

    /// <summary>The Roslyn generator test, set up like a charm project (see <see cref="GeneratorHarness"/>).</summary>
    private sealed class GeneratorTest : CSharpSourceGeneratorTest<TokenDistributorGenerator, DefaultVerifier>
    {
        public GeneratorTest(OutputKind kind)
        {
            // No reference package: the running runtime's assemblies come in through AdditionalReferences.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
            TestState.OutputKind = kind;
            CompilerDiagnostics = CompilerDiagnostics.Warnings;
        }

        protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions() => GeneratorHarness.CompilationOptions(OutputKind.DynamicallyLinkedLibrary);
    }
}

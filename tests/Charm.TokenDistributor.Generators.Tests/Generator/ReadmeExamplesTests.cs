using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// The README's C# examples compile as an author's project would build them (with the generator, nullable on, every
/// warning an error), and the unit-test example runs and passes. The examples are taken from README.md itself, so an
/// edit there that does not compile fails here.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    /// <summary>What every example assumes is imported (a charm project's usings).</summary>
    private const string Usings = """
        using System.Collections.Generic;
        using Charm.Framework;
        using Charm.Framework.Dispatch;
        using Charm.Framework.Events;
        using Charm.Framework.Model;
        using Charm.TokenDistributor;
        using Charm.TokenDistributor.Events;

        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    // The README's C# blocks, in order: the charm, its unit test, the FakeClusterRunner sketch (a fragment; its full,
    // compiled version is tests/Charm.TokenDistributor.Tests/Consumer/ConsumerOnFakeClusterRunnerTests.cs), the
    // generated API's charm.
    private const int GeneratedApiExample = 3;

    [Fact]
    public void The_readme_has_the_four_examples_this_test_knows()
        => Assert.Equal(4, Examples().Count);

    [Fact]
    public void The_charm_example_is_a_program_that_compiles()
    {
        var run = Run([Examples()[0]], OutputKind.ConsoleApplication);

        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void The_generated_api_example_compiles_with_the_generator_and_reports_nothing()
    {
        var run = Run([Usings + Examples()[GeneratedApiExample]], OutputKind.DynamicallyLinkedLibrary);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(run.Sources, s => s.HintName == "MicroOvnCharm.TokenDistributor.g.cs");
        GeneratorHarness.AssertBuildsClean(run.Output);
    }

    [Fact]
    public void The_unit_test_example_runs_against_the_charm_example_and_passes()
    {
        var test = Usings + "using Charm.Testing;\nusing Xunit;\n\n"
            + "public static class ReadmeUnitTest\n{\n    public static void Run()\n    {\n" + Examples()[1] + "\n    }\n}\n";
        var run = Run([Examples()[0], test], OutputKind.ConsoleApplication);
        GeneratorHarness.AssertBuildsClean(run.Output);

        using var stream = new MemoryStream();
        var emitted = run.Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("readme", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var method = assembly.GetType("ReadmeUnitTest")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;

            // Throws (an xunit assertion, or the hook's failure) when the example does not do what it says.
            method.Invoke(null, null);
        }
        finally
        {
            context.Unload();
        }
    }

    private static GeneratorRun Run(IEnumerable<string> sources, OutputKind kind)
    {
        var compilation = CSharpCompilation.Create(
            "Readme",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Readme{i}.cs")),
            [.. GeneratorHarness.References, MetadataReference.CreateFromFile(typeof(Charm.Testing.Context).Assembly.Location), MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location)],
            GeneratorHarness.CompilationOptions(kind));
        var driver = CSharpGeneratorDriver.Create([new TokenDistributorGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, output, diagnostics);
    }

    /// <summary>The README's <c>```csharp</c> blocks, in order.</summary>
    private static List<string> Examples()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        return CSharpBlock().Matches(readme).Select(m => m.Groups["code"].Value).ToList();
    }

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Charm.TokenDistributor.Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Charm.TokenDistributor.Generators.sln above " + AppContext.BaseDirectory + ": the tests run from inside the repository.");
    }
}

using System.Collections.Immutable;
using Charm.Framework;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// Compiles charm sources the way a charm project does (latest C#, nullable, every warning an error, XML documentation
/// checked) against the running .NET runtime and the Charm runtime assemblies, and runs the generator over them.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>Latest C# with documentation comments parsed and checked (so a missing comment on a generated public member shows as CS1591).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>
    /// The .NET runtime the tests run on (its trusted platform assemblies: no package download, always the version the
    /// Charm assemblies were built against) plus Charm.Framework and Charm.TokenDistributor.
    /// </summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    /// <summary>The options of a charm project: nullable enabled, all warnings (every wave) reported as errors.</summary>
    public static CSharpCompilationOptions CompilationOptions(OutputKind kind)
        => new CSharpCompilationOptions(kind)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithWarningLevel(9999)
            // What the SDK itself passes as NoWarn: assembly-unification notices, not defects.
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);

    /// <summary>A compilation of <paramref name="sources"/> (file names <c>Charm0.cs</c>, <c>Charm1.cs</c>, …).</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, string assemblyName = "TestCharm")
        => CSharpCompilation.Create(
            assemblyName,
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Charm{i}.cs")),
            References,
            CompilationOptions(kind));

    /// <inheritdoc cref="CreateCompilation(IEnumerable{string}, OutputKind, string)"/>
    public static CSharpCompilation CreateCompilation(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
        => CreateCompilation([source], kind);

    /// <summary>A driver for the generator that records every step, as the incremental tests need.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalTexts = null)
        => CSharpGeneratorDriver.Create(
            [new TokenDistributorGenerator().AsSourceGenerator()],
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="compilation"/>, with <paramref name="additionalTexts"/> (e.g. a <c>charmcraft.yaml</c>).</summary>
    public static GeneratorRun Run(Compilation compilation, IEnumerable<AdditionalText>? additionalTexts = null)
    {
        var driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver, output, generatorDiagnostics);
    }

    /// <summary>The generated files of a run, by hint name, in ordinal order.</summary>
    public static IReadOnlyList<(string HintName, string Text)> GeneratedSources(GeneratorDriver driver)
        => driver.GetRunResult().Results
            .SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToArray();

    /// <summary>The diagnostics a charm build would fail on (warnings are errors), formatted for an assertion message.</summary>
    public static IReadOnlyList<string> BuildBreakingDiagnostics(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .Select(d => d.ToString())
            .ToArray();

    /// <summary>Fails, listing them, when <paramref name="compilation"/> has a diagnostic a charm build would fail on.</summary>
    public static void AssertBuildsClean(Compilation compilation)
    {
        var diagnostics = BuildBreakingDiagnostics(compilation);
        Assert.True(diagnostics.Count == 0, "The build would fail:\n" + string.Join("\n", diagnostics));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator);
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in trusted.Where(p => p.Length > 0 && string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            builder.Add(MetadataReference.CreateFromFile(path));
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(CharmBase).Assembly.Location));
        builder.Add(MetadataReference.CreateFromFile(typeof(TokenConsumer).Assembly.Location));
        return builder.ToImmutable();
    }
}

/// <summary>One generator run: the driver (for its run result), the compilation with the generated sources added, and the generator's own diagnostics.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The generated files, by hint name.</summary>
    public IReadOnlyList<(string HintName, string Text)> Sources => GeneratorHarness.GeneratedSources(Driver);

    /// <summary>The text of the generated file <paramref name="hintName"/>.</summary>
    public string Source(string hintName)
        => Sources.FirstOrDefault(s => s.HintName == hintName).Text
            ?? throw new KeyNotFoundException($"No generated file '{hintName}'; generated: {string.Join(", ", Sources.Select(s => s.HintName))}.");
}

/// <summary>An AdditionalFile held in memory, as a project's <c>&lt;AdditionalFiles Include="charmcraft.yaml" /&gt;</c> gives it.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default)
        => Microsoft.CodeAnalysis.Text.SourceText.From(text);
}

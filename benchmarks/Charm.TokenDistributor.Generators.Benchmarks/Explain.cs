using System.Diagnostics;
using System.Globalization;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// <c>--explain</c>: what the driver reruns after an unrelated edit (every tracked step, Roslyn's own
/// <c>ForAttributeWithMetadataName</c> steps included, with its run reasons), and a stopwatch breakdown of where an
/// incremental run's time goes. Not a benchmark: it is the evidence behind the methodology in benchmarks/README.md.
/// </summary>
internal static class Explain
{
    private const int Runs = 25;

    public static void Run()
    {
        var project = new SyntheticProject();
        var compilation = project.CreateCompilation();
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new TokenDistributorGenerator().AsSourceGenerator()], parseOptions: project.ParseOptions, driverOptions: options);
        driver = driver.RunGenerators(compilation);
        // Roslyn's step tracking lists no step of this generator's provider pipeline (only the consumer's), although
        // the entry-point step combines its output; TransformOnlyGenerator, the same two attribute lookups and parsers,
        // counts the provider transform's calls instead.
        var counted = CSharpGeneratorDriver.Create([new TransformOnlyGenerator().AsSourceGenerator()], parseOptions: project.ParseOptions).RunGenerators(compilation);
        var coldCalls = TransformOnlyGenerator.ProviderTransformCalls;
        counted.RunGenerators(compilation.ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdits[1]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Provider transform calls (TransformOnlyGenerator): cold {coldCalls}, after one unrelated edit {TransformOnlyGenerator.ProviderTransformCalls - coldCalls}."));
        var edited = compilation.ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdits[0]);
        driver = driver.RunGenerators(edited);
        Console.WriteLine("Steps after one unrelated edit (outputs by reason):");
        foreach (var (name, steps) in driver.GetRunResult().Results[0].TrackedSteps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-60} runs {steps.Length,5}: {string.Join(", ", reasons)}"));
        }

        foreach (var (name, steps) in driver.GetRunResult().Results[0].TrackedOutputSteps)
        {
            var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"  output {name}: {string.Join(", ", reasons)}");
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of {Runs} runs after warm-up: wall clock, allocated on this thread, and the driver's own timing (GeneratorDriver.GetTimingInfo):"));
        var warm = CreateDriver(project).RunGenerators(compilation);
        var floor = CreateFloorDriver(project).RunGenerators(compilation);
        var edit = 0;
        CSharpCompilation NextEdit() => compilation.ReplaceSyntaxTree(project.UnrelatedTree, project.UnrelatedEdits[edit++ % 2]);

        // Warm the JIT on every path.
        for (var i = 0; i < 10; i++)
        {
            CreateDriver(project).RunGenerators(project.CreateCompilation());
            warm = warm.RunGenerators(NextEdit());
            floor = floor.RunGenerators(NextEdit());
            BindAttributedClasses(NextEdit(), project);
        }

        Report("cold: new driver, new compilation", () => (null, CreateDriver(project)), (_, d) => d!.RunGenerators(project.CreateCompilation()));
        var declared = project.CreateCompilation();
        _ = declared.ContainsSymbolsWithName("Charm0", SymbolFilter.Type);
        _ = declared.GetTypeByMetadataName("Charm.Framework.CharmBase");
        Report("cold on a clone sharing bound references and merged declarations", () => (declared.Clone(), CreateDriver(project)), (c, d) => d!.RunGenerators(c!));
        Report("bind only: the 200 classes in such a clone", () => (declared.Clone(), null), (c, _) => { BindAttributedClasses(c!, project); return null; });
        Report("bind only: the 200 classes' symbols and attributes in a new compilation", () => (project.CreateCompilation(), null), (c, _) => { BindAttributedClasses(c!, project); return null; });
        Report("bind only: the same in an edited compilation", () => (NextEdit(), null), (c, _) => { BindAttributedClasses(c!, project); return null; });
        Report("cold on a compilation with the 200 classes bound", () => { var c = project.CreateCompilation(); BindAttributedClasses(c, project); return (c, CreateDriver(project)); }, (c, d) => d!.RunGenerators(c!));
        Report("incremental: warm driver, edited compilation", () => (NextEdit(), warm), (c, d) => warm = d!.RunGenerators(c!));
        Report("incremental on an edited compilation with the 200 classes bound", () => { var c = NextEdit(); BindAttributedClasses(c, project); return (c, warm); }, (c, d) => warm = d!.RunGenerators(c!));
        Report("floor: warm FAWMN-only driver, edited compilation", () => (NextEdit(), floor), (c, d) => floor = d!.RunGenerators(c!));
        var transforms = CSharpGeneratorDriver.Create([new TransformOnlyGenerator().AsSourceGenerator()], parseOptions: project.ParseOptions).RunGenerators(compilation);
        for (var i = 0; i < 10; i++)
        {
            transforms = transforms.RunGenerators(NextEdit());
        }

        Report("transforms only: FAWMN + CharmParser, no outputs, edited compilation", () => (NextEdit(), transforms), (c, d) => transforms = d!.RunGenerators(c!));
        Report("transforms only on an edited compilation with the 200 classes bound", () => { var c = NextEdit(); BindAttributedClasses(c, project); return (c, transforms); }, (c, d) => transforms = d!.RunGenerators(c!));
        Report("floor on an edited compilation with the 200 classes bound", () => { var c = NextEdit(); BindAttributedClasses(c, project); return (c, floor); }, (c, d) => floor = d!.RunGenerators(c!));

        // An IDE derives each compilation from the previous one, so the edited tree is the newest in the declaration
        // table after the first keystroke; the benchmark derives every edit from the same base compilation.
        CSharpCompilation chained = NextEdit();
        warm = warm.RunGenerators(chained);
        Report("incremental, chained edits (each compilation derived from the last)", () =>
        {
            var current = chained.SyntaxTrees.First(t => t.FilePath == project.UnrelatedTree.FilePath);
            chained = chained.ReplaceSyntaxTree(current, project.UnrelatedEdits[edit++ % 2]);
            return (chained, warm);
        }, (c, d) => warm = d!.RunGenerators(c!));
    }

    /// <summary>What <c>ForAttributeWithMetadataName</c> asks of the compiler for each attributed class, and the base type the parser reads.</summary>
    public static void BindAttributedClasses(Compilation compilation, SyntheticProject project)
    {
        for (var i = 0; i < SyntheticProject.CharmCount; i++)
        {
            var tree = compilation.SyntaxTrees.ElementAt(i);
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                var symbol = model.GetDeclaredSymbol(declaration)!;
                _ = symbol.GetAttributes();
                _ = symbol.BaseType;
            }
        }

        _ = project;
    }

    private static void Report(string what, Func<(CSharpCompilation? Compilation, GeneratorDriver? Driver)> setup, Func<CSharpCompilation?, GeneratorDriver?, GeneratorDriver?> run)
    {
        var wall = new List<double>(Runs);
        var generator = new List<double>(Runs);
        var allocated = new List<double>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var (compilation, driver) = setup();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            var after = run(compilation, driver);
            wall.Add(stopwatch.Elapsed.TotalMilliseconds);
            allocated.Add((GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1048576.0);
            if (after is not null)
            {
                generator.Add(after.GetTimingInfo().ElapsedTime.TotalMilliseconds);
            }
        }

        var median = Median(wall).ToString("F1", CultureInfo.InvariantCulture);
        var driverTime = generator.Count == 0 ? "" : " (driver " + Median(generator).ToString("F1", CultureInfo.InvariantCulture) + ")";
        var megabytes = Median(allocated).ToString("F2", CultureInfo.InvariantCulture);
        Console.WriteLine($"  {what,-85} {median,7} ms {megabytes,6} MB{driverTime}");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static CSharpGeneratorDriver CreateDriver(SyntheticProject project)
        => CSharpGeneratorDriver.Create([new TokenDistributorGenerator().AsSourceGenerator()], parseOptions: project.ParseOptions);

    private static CSharpGeneratorDriver CreateFloorDriver(SyntheticProject project)
        => CSharpGeneratorDriver.Create([new AttributeLookupOnlyGenerator().AsSourceGenerator()], parseOptions: project.ParseOptions);
}

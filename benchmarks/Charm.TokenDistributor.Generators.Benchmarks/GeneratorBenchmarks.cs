using BenchmarkDotNet.Attributes;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// The generator over <see cref="SyntheticProject"/>: cold runs (a new driver) against incremental runs after an
/// unrelated edit (what the IDE pays per keystroke elsewhere). Methodology and figures: benchmarks/README.md.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private SyntheticProject _project = null!;
    private CSharpCompilation _declared = null!;
    private EditChain _chain = null!;
    private EditChain _floorChain = null!;
    private GeneratorDriver _driver = null!;
    private GeneratorDriver _floorDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _project = new SyntheticProject();

        // References bound and the declaration table merged; no source symbol exists yet. Each Clone() shares both
        // and starts with no symbols, as the compilation a build hands the generator shares them with the compile.
        _declared = _project.CreateCompilation();
        _ = _declared.ContainsSymbolsWithName("Charm0", SymbolFilter.Type);
        _ = _declared.GetTypeByMetadataName("Charm.Framework.CharmBase");
        _declared = _declared.Clone();
        _ = _declared.ContainsSymbolsWithName("Charm0", SymbolFilter.Type);

        _chain = new EditChain(_project);
        _floorChain = new EditChain(_project);
        _driver = CreateDriver().RunGenerators(_chain.Current);
        _floorDriver = CSharpGeneratorDriver.Create([new AttributeLookupOnlyGenerator().AsSourceGenerator()], parseOptions: _project.ParseOptions)
            .RunGenerators(_floorChain.Current);
        var generated = _driver.GetRunResult();
        if (generated.GeneratedTrees.Length != SyntheticProject.CharmCount || !generated.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"Expected {SyntheticProject.CharmCount} generated files, got {generated.GeneratedTrees.Length}.");
        }

        // The short job runs each case only a handful of times; without this the measured code would still be the
        // runtime's unoptimised first tier (a compiler server or IDE runs the generator warm).
        for (var i = 0; i < 2; i++)
        {
            Cold();
            ColdOnDeclaredCompilation();
        }

        for (var i = 0; i < 40; i++)
        {
            IncrementalAfterUnrelatedEdit();
            AttributeLookupFloorAfterUnrelatedEdit();
        }
    }

    /// <summary>A new driver over a new compilation of the project: references, declarations and symbols all unbound.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver Cold() => CreateDriver().RunGenerators(_project.CreateCompilation());

    /// <summary>
    /// A new driver over a compilation that shares bound references and merged declarations but has no symbols: every
    /// attributed class is bound, parsed and emitted by the generator, and nothing the compile itself reuses is charged.
    /// </summary>
    [Benchmark]
    public GeneratorDriver ColdOnDeclaredCompilation() => CreateDriver().RunGenerators(_declared.Clone());

    /// <summary>The warm driver after one ordinary class's method body changed, in a compilation derived from the last one (as the IDE derives them).</summary>
    [Benchmark]
    public GeneratorDriver IncrementalAfterUnrelatedEdit()
    {
        _driver = _driver.RunGenerators(_chain.Next());
        return _driver;
    }

    /// <summary>
    /// The same edit with <see cref="AttributeLookupOnlyGenerator"/>: the part of <see cref="IncrementalAfterUnrelatedEdit"/>
    /// that is Roslyn rebinding the attributed classes, which no generator built on ForAttributeWithMetadataName avoids.
    /// </summary>
    [Benchmark]
    public GeneratorDriver AttributeLookupFloorAfterUnrelatedEdit()
    {
        _floorDriver = _floorDriver.RunGenerators(_floorChain.Next());
        return _floorDriver;
    }

    private CSharpGeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create([new TokenDistributorGenerator().AsSourceGenerator()], parseOptions: _project.ParseOptions);
}

using BenchmarkDotNet.Attributes;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// The generator over <see cref="SyntheticProject"/>: a cold run (new driver, new compilation: what a command-line
/// build pays) against an incremental run after an unrelated edit (what the IDE pays per keystroke elsewhere).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private SyntheticProject _project = null!;
    private CSharpCompilation _boundCompilation = null!;
    private GeneratorDriver _driver = null!;
    private GeneratorDriver _floorDriver = null!;
    private int _edit;
    private int _floorEdit;

    [GlobalSetup]
    public void Setup()
    {
        _project = new SyntheticProject();
        _boundCompilation = _project.CreateCompilation();
        _driver = CreateDriver().RunGenerators(_boundCompilation);
        _floorDriver = CSharpGeneratorDriver.Create([new AttributeLookupOnlyGenerator().AsSourceGenerator()], parseOptions: _project.ParseOptions)
            .RunGenerators(_boundCompilation);
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
        }

        for (var i = 0; i < 40; i++)
        {
            IncrementalAfterUnrelatedEdit();
            AttributeLookupFloorAfterUnrelatedEdit();
        }
    }

    /// <summary>A new driver over a new compilation of the project.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver Cold() => CreateDriver().RunGenerators(_project.CreateCompilation());

    /// <summary>A new driver over a compilation whose symbols another consumer already bound (the generator's own share of a cold run).</summary>
    [Benchmark]
    public GeneratorDriver ColdOnBoundCompilation() => CreateDriver().RunGenerators(_boundCompilation);

    /// <summary>The warm driver after one ordinary class's method body changed (a new compilation, as after an edit).</summary>
    [Benchmark]
    public GeneratorDriver IncrementalAfterUnrelatedEdit()
    {
        var edit = _project.UnrelatedEdits[_edit++ % _project.UnrelatedEdits.Count];
        var compilation = _boundCompilation.ReplaceSyntaxTree(_project.UnrelatedTree, edit);
        _driver = _driver.RunGenerators(compilation);
        return _driver;
    }

    /// <summary>
    /// The same edit with <see cref="AttributeLookupOnlyGenerator"/>: the part of <see cref="IncrementalAfterUnrelatedEdit"/>
    /// that is Roslyn rebinding the attributed classes, which no attribute-driven generator avoids.
    /// </summary>
    [Benchmark]
    public GeneratorDriver AttributeLookupFloorAfterUnrelatedEdit()
    {
        var edit = _project.UnrelatedEdits[_floorEdit++ % _project.UnrelatedEdits.Count];
        var compilation = _boundCompilation.ReplaceSyntaxTree(_project.UnrelatedTree, edit);
        _floorDriver = _floorDriver.RunGenerators(compilation);
        return _floorDriver;
    }

    private CSharpGeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create([new TokenDistributorGenerator().AsSourceGenerator()], parseOptions: _project.ParseOptions);
}

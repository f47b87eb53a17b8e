using System.Collections;
using System.Reflection;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// Nothing a pipeline step outputs holds on to a compilation: no symbol, syntax, semantic model or compilation is
/// reachable from any tracked step's output (they would pin a whole compilation in memory and defeat caching, since
/// they compare by reference). The one exception is a source <see cref="Location"/>, and only in the steps that carry
/// diagnostics and the endpoints checked against the metadata (<see cref="TrackingNames.Located"/>): it keeps its syntax
/// tree (one of the compilation's own), compares by value, and is what lets the compiler apply <c>#pragma</c> and
/// severities to the generator's diagnostics. Walks the object graph by reflection — in the test, never in the generator.
/// </summary>
public sealed class PipelineModelTests
{
    private static readonly Type[] Banned =
    [
        typeof(ISymbol),
        typeof(SyntaxNode),
        typeof(SyntaxTree),
        typeof(SyntaxToken),
        typeof(SyntaxTrivia),
        typeof(SyntaxReference),
        typeof(SemanticModel),
        typeof(Compilation),
        typeof(AttributeData),
        typeof(TypedConstant),
    ];

    [Fact]
    public void No_tracked_step_output_reaches_a_symbol_syntax_or_compilation()
    {
        var library = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
            CharmSources.Cases.Where(c => c.Value.Kind == OutputKind.DynamicallyLinkedLibrary).Select(c => c.Value.Source)));
        var executable = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(CharmSources.EntryPoint, OutputKind.ConsoleApplication));

        var violations = new List<string>();
        var walked = 0;
        var seenSteps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in new[] { library, executable })
        {
            var result = Assert.Single(run.Driver.GetRunResult().Results);
            foreach (var name in TrackingNames.All)
            {
                if (!result.TrackedSteps.TryGetValue(name, out var steps))
                {
                    continue;
                }

                seenSteps.Add(name);
                foreach (var (step, stepIndex) in steps.Select((s, i) => (s, i)))
                {
                    foreach (var (output, outputIndex) in step.Outputs.Select((o, i) => (o, i)))
                    {
                        walked++;
                        var located = TrackingNames.Located.Contains(name) ? run.Output.SyntaxTrees.ToHashSet() : null;
                        Walk(output.Value, $"{name}[{stepIndex}].Outputs[{outputIndex}]", new HashSet<object>(ReferenceEqualityComparer.Instance), violations, located);
                    }
                }
            }
        }

        Assert.True(walked > 20, $"Only {walked} outputs were walked; the tracked steps did not run as expected.");
        Assert.Equal(TrackingNames.All.Order(), seenSteps.Order());
        Assert.True(violations.Count == 0, "Pipeline outputs reach compilation objects:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_walk_finds_a_symbol_hidden_in_an_equatable_array()
    {
        var compilation = GeneratorHarness.CreateCompilation(CharmSources.Consumer);
        var symbol = compilation.GetTypeByMetadataName("Demo.MicroOvnCharm")!;
        var model = (Name: "x", Items: new EquatableArray<object>([1, "two", new[] { (object)symbol }]));

        var violations = new List<string>();
        Walk(model, "model", new HashSet<object>(ReferenceEqualityComparer.Instance), violations, located: null);

        var violation = Assert.Single(violations);
        Assert.StartsWith("model.Item2", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_walk_finds_a_location_outside_the_located_steps()
    {
        var compilation = GeneratorHarness.CreateCompilation(CharmSources.Consumer);
        var location = compilation.SyntaxTrees[0].GetRoot().GetLocation();

        var outside = new List<string>();
        Walk(new[] { location }, "model", new HashSet<object>(ReferenceEqualityComparer.Instance), outside, located: null);
        var inside = new List<string>();
        Walk(new[] { location }, "model", new HashSet<object>(ReferenceEqualityComparer.Instance), inside, located: compilation.SyntaxTrees.ToHashSet());

        Assert.Single(outside);
        Assert.Empty(inside);
    }

    private static void Walk(object? value, string path, HashSet<object> seen, List<string> violations, HashSet<SyntaxTree>? located)
    {
        if (value is null)
        {
            return;
        }

        if (value is Location location)
        {
            if (located is null || !location.IsInSource || !located.Contains(location.SourceTree!))
            {
                violations.Add($"{path}: {value.GetType().FullName} (a location outside the located steps, or not in the compilation's source)");
            }

            return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type)
        {
            return;
        }

        if (Banned.Any(b => b.IsInstanceOfType(value)))
        {
            violations.Add($"{path}: {type.FullName}");
            return;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                Walk(item, $"{path}[{index++}]", seen, violations, located);
            }
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                Walk(field.GetValue(value), path + "." + field.Name, seen, violations, located);
            }
        }
    }
}

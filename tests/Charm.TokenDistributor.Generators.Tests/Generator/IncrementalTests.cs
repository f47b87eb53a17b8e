using Charm.TokenDistributor.Generators.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// The pipeline does no needless work: rerunning the driver, editing another file, or editing the charm's file
/// without changing its meaning leaves every tracked step cached or unchanged, and nothing is re-emitted.
/// </summary>
public sealed class IncrementalTests
{
    private const string Unrelated = """
        namespace Demo;

        /// <summary>Ordinary code in the same project.</summary>
        public static class Helpers
        {
            /// <summary>Adds.</summary>
            public static int Add(int a, int b) => a + b;
        }
        """;

    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void A_second_run_on_the_same_compilation_is_fully_cached()
    {
        var compilation = CreateCompilation();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation);

        var result = driver.GetRunResult();
        AssertNothingRecomputed(result);

        // Same compilation: the charm transforms, the expensive part, did not even rerun.
        foreach (var name in new[] { TrackingNames.ConsumerTransform, TrackingNames.ProviderTransform, TrackingNames.ConsumerCharms, TrackingNames.ProviderCharms })
        {
            Assert.All(result.Results[0].TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }

    [Fact]
    public void An_edit_to_another_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = CreateCompilation();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var unrelated = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class Helpers", StringComparison.Ordinal));

        var edited = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// edited\n")));
        driver = driver.RunGenerators(edited);

        AssertNothingRecomputed(driver.GetRunResult());
    }

    [Fact]
    public void Adding_a_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = CreateCompilation();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; internal sealed class Extra { }", GeneratorHarness.ParseOptions, path: "Extra.cs"));
        driver = driver.RunGenerators(edited);

        AssertNothingRecomputed(driver.GetRunResult());
    }

    [Fact]
    public void A_whitespace_and_comment_edit_in_the_charm_leaves_every_step_cached_or_unchanged()
    {
        var compilation = CreateCompilation();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var charm = CharmTree(compilation);
        var text = charm.GetText();
        var position = charm.ToString().IndexOf("partial void OnClusterJoined", StringComparison.Ordinal);

        var edited = compilation.ReplaceSyntaxTree(charm, charm.WithChangedText(text.Replace(position, 0, "// a comment that changes nothing\n\n    ")));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult();

        // The transform reran (its tree changed) and its parse is new: it holds the source locations of the endpoints the
        // charm names, for the checks against charmcraft.yaml. Everything downstream of it found what it had: the spec
        // (so nothing is re-emitted) and the charm's diagnostics, of which it has none.
        AssertNothingRecomputed(result, mayChange: [TrackingNames.ConsumerTransform]);
        var run = result.Results[0];
        Assert.Contains(run.TrackedSteps[TrackingNames.ConsumerTransform].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(run.TrackedSteps[TrackingNames.ConsumerCharms].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
        Assert.All(run.TrackedSteps[TrackingNames.ConsumerDiagnostics].SelectMany(s => s.Outputs), o => Assert.Empty((System.Collections.IEnumerable)o.Value));
    }

    [Fact]
    public void A_meaningful_edit_in_the_charm_regenerates_it()
    {
        var compilation = CreateCompilation();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var charm = CharmTree(compilation);
        var position = charm.ToString().IndexOf("partial void OnClusterJoined", StringComparison.Ordinal);

        var edited = compilation.ReplaceSyntaxTree(charm, charm.WithChangedText(charm.GetText().Replace(position, 0, "partial void OnClusterBootstrapped(ClusterBootstrappedEvent e) { }\n    ")));
        driver = driver.RunGenerators(edited);

        var run = driver.GetRunResult().Results[0];
        Assert.Contains(run.TrackedSteps[TrackingNames.ConsumerCharms].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(run.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("this.Cluster.Consumer.Bootstrapped += this.OnClusterBootstrapped;", run.GeneratedSources.Single(s => s.HintName.StartsWith("Demo.MicroOvnCharm", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_metadata_is_read_again_only_when_it_changes_and_an_edit_to_it_emits_nothing_again()
    {
        var compilation = CreateCompilation();
        var metadata = new InMemoryAdditionalText("charmcraft.yaml", "requires:\n  cluster:\n    interface: worker-cluster\n");
        var driver = GeneratorHarness.CreateDriver().AddAdditionalTexts([metadata]).RunGenerators(compilation);

        // Another file edited: the metadata and its checks are cached too.
        var unrelated = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class Helpers", StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// edited\n")));
        AssertNothingRecomputed(driver.RunGenerators(edited).GetRunResult());

        // The metadata edited so that the charm's relation is gone: only the checks rerun, and they now report CTD5001.
        var changed = new InMemoryAdditionalText("charmcraft.yaml", "requires:\n  database:\n    interface: pg\n");
        driver = driver.ReplaceAdditionalText(metadata, changed).RunGenerators(compilation);
        var run = driver.GetRunResult().Results[0];
        Assert.Contains(run.TrackedSteps[TrackingNames.Metadata].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(run.TrackedSteps[TrackingNames.ConsumerCharms].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Contains(run.Diagnostics, d => d.Id == "CTD5001");
    }

    [Fact]
    public void The_typed_config_class_stays_cached_across_charm_edits_and_is_emitted_again_only_when_the_options_change()
    {
        var compilation = CreateCompilation();
        var yaml = new InMemoryAdditionalText("charmcraft.yaml", "requires:\n  cluster:\n    interface: worker-cluster\nconfig:\n  options:\n    cluster-port: {type: int, default: 7443}\n");
        var driver = GeneratorHarness.CreateDriver().AddAdditionalTexts([yaml]).RunGenerators(compilation);
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("Demo.MicroOvnCharm.Config.g.cs", StringComparison.Ordinal));

        // A meaningful edit of the charm's code: its spec changes, but not what its config class is made of.
        var charm = CharmTree(compilation);
        var position = charm.ToString().IndexOf("partial void OnClusterJoined", StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(charm, charm.WithChangedText(charm.GetText().Replace(position, 0, "partial void OnClusterBootstrapped(ClusterBootstrappedEvent e) { }\n    ")));
        var run = driver.RunGenerators(edited).GetRunResult().Results[0];
        Assert.Contains(run.TrackedSteps[TrackingNames.ConsumerCharms].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(run.TrackedSteps[TrackingNames.ConfigOptions].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(run.TrackedSteps[TrackingNames.ConsumerConfigClasses].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, CachedOrUnchanged));

        // A description edited: the file is read again and its options differ, so the class is emitted again with the new text.
        var described = new InMemoryAdditionalText("charmcraft.yaml", "requires:\n  cluster:\n    interface: worker-cluster\nconfig:\n  options:\n    cluster-port: {type: int, default: 7443, description: The port.}\n");
        driver = driver.ReplaceAdditionalText(yaml, described).RunGenerators(compilation);
        run = driver.GetRunResult().Results[0];
        Assert.Contains(run.TrackedSteps[TrackingNames.ConfigOptions].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(run.TrackedSteps[TrackingNames.ConsumerConfigClasses].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(run.TrackedSteps[TrackingNames.ConsumerCharms].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Contains("The port.", run.GeneratedSources.Single(s => s.HintName == "Demo.MicroOvnCharm.Config.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A project with the charm, a provider-only charm, and unrelated code: every tracked step has work.</summary>
    private static CSharpCompilation CreateCompilation()
        => GeneratorHarness.CreateCompilation([CharmSources.Consumer, CharmSources.EntryPoint, Unrelated]);

    private static SyntaxTree CharmTree(Compilation compilation)
        => compilation.SyntaxTrees.Single(t => t.ToString().Contains("class MicroOvnCharm", StringComparison.Ordinal));

    /// <summary>
    /// Every tracked step ran and produced only cached or unchanged outputs (but those of <paramref name="mayChange"/>);
    /// every source output is cached.
    /// </summary>
    private static void AssertNothingRecomputed(GeneratorDriverRunResult result, string[]? mayChange = null)
    {
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        foreach (var name in TrackingNames.All)
        {
            Assert.True(run.TrackedSteps.TryGetValue(name, out var steps), $"The step '{name}' did not run.");
            if (mayChange?.Contains(name) == true)
            {
                continue;
            }

            foreach (var (output, index) in steps.SelectMany(s => s.Outputs).Select((o, i) => (o, i)))
            {
                Assert.True(CachedOrUnchanged.Contains(output.Reason), $"Step '{name}' output {index} was {output.Reason}: {output.Value}");
            }
        }

        foreach (var (name, steps) in run.TrackedOutputSteps)
        {
            foreach (var output in steps.SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason == IncrementalStepRunReason.Cached, $"Source output '{name}' was {output.Reason}: {output.Value}");
            }
        }
    }
}

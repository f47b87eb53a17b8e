namespace Charm.Packaging.Tests;

/// <summary>
/// The microctl sample's own Charm.Testing tests (samples/MicroctlCharm.Tests), run as a charm author runs them: the
/// sample and its test project copied to an empty folder, restoring the toolkit from the packages
/// samples/build-charms.sh put in the sample's packages/ folder.
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed class SampleCharmTestsTests
{
    private readonly BuiltSamples _built;

    public SampleCharmTestsTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    [Fact]
    public void The_microctl_samples_tests_pass_on_the_packed_toolkit()
    {
        using var scratch = new ScratchProjects(_built, "microctl-tests");
        foreach (var folder in new[] { "MicroctlCharm", "MicroctlCharm.Tests" })
        {
            Copy(Path.Combine(RepositoryRoot.Path, "samples", folder), Path.Combine(scratch.Root, folder));
        }

        var test = scratch.Dotnet(Path.Combine(scratch.Root, "MicroctlCharm.Tests"), "test", "-c", "Release", "-nologo");

        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+5", test.Output);
    }

    /// <summary>Copies a sample folder as charmcraft would get it: its sources and packages/, never a build's bin/ or obj/.</summary>
    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

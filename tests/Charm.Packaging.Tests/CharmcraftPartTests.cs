using Charm.Packaging.Tests.Charmcraft;
using YamlDotNet.RepresentationModel;

namespace Charm.Packaging.Tests;

/// <summary>
/// Each sample's charmcraft.yaml part builds the charm from what charmcraft hands it, without charmcraft: its
/// <c>source</c> is copied into an empty folder, exactly as craft-parts' local source does (everything in it), and its
/// <c>override-build</c> runs there as craft-parts runs a scriptlet (<c>/bin/bash</c> with <c>set -euo pipefail</c>, the
/// part's CRAFT_* environment, the build directory as the working directory); the part's install directory must then
/// hold the layout charmcraft packs (dispatch, bin/), runnable.
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed class CharmcraftPartTests
{
    private readonly BuiltSamples _built;

    public CharmcraftPartTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    [Theory]
    [InlineData("MicroctlCharm", "microctl")]
    [InlineData("TokenDistributorCharm", "token-distributor")]
    public void ThePartBuildsTheCharmFromItsSourceAlone(string sample, string charm)
    {
        var project = Path.Combine(RepositoryRoot.Path, "samples", sample);
        var charmcraft = JujuYaml.Parse(File.ReadAllText(Path.Combine(project, "charmcraft.yaml")));
        Assert.Equal(charm, JujuYaml.Plain(charmcraft, "name"));
        var part = JujuYaml.Map(JujuYaml.Map(charmcraft, "parts"), "charm");
        Assert.Equal("nil", JujuYaml.Plain(part, "plugin"));
        Assert.Equal(".", JujuYaml.Plain(part, "source"));
        // Ubuntu's .NET 10 SDK, its Native AOT package, and what the AOT linker needs.
        Assert.Equal(
            ["dotnet-sdk-10.0", "dotnet-sdk-aot-10.0", "clang", "zlib1g-dev"],
            JujuYaml.List(part, "build-packages").Select(n => ((YamlScalarNode)n).Value));
        var overrideBuild = JujuYaml.String(part, "override-build");

        // craft-parts' work directories; the source (the project folder, as `source: .` says) copied whole.
        var work = Path.Combine(_built.Scratch, "craft-" + charm);
        var dirs = new Dictionary<string, string>
        {
            ["CRAFT_PART_SRC"] = Path.Combine(work, "parts", "charm", "src"),
            ["CRAFT_PART_BUILD"] = Path.Combine(work, "parts", "charm", "build"),
            ["CRAFT_PART_INSTALL"] = Path.Combine(work, "parts", "charm", "install"),
            ["CRAFT_STAGE"] = Path.Combine(work, "stage"),
            ["CRAFT_PRIME"] = Path.Combine(work, "prime"),
        };
        foreach (var directory in dirs.Values)
        {
            Directory.CreateDirectory(directory);
        }

        CopyTree(project, dirs["CRAFT_PART_SRC"]);
        CopyTree(dirs["CRAFT_PART_SRC"], dirs["CRAFT_PART_BUILD"]);

        var environment = new Dictionary<string, string>(_built.Environment)
        {
            ["CRAFT_ARCH_BUILD_ON"] = "amd64",
            ["CRAFT_ARCH_BUILD_FOR"] = "amd64",
            ["CRAFT_TARGET_ARCH"] = "amd64",
            ["CRAFT_ARCH_TRIPLET"] = "x86_64-linux-gnu",
            ["CRAFT_ARCH_TRIPLET_BUILD_ON"] = "x86_64-linux-gnu",
            ["CRAFT_ARCH_TRIPLET_BUILD_FOR"] = "x86_64-linux-gnu",
            ["CRAFT_PARALLEL_BUILD_COUNT"] = "2",
            ["CRAFT_PROJECT_DIR"] = project,
            ["CRAFT_PROJECT_NAME"] = charm,
            ["CRAFT_PART_NAME"] = "charm",
            ["CRAFT_STEP_NAME"] = "BUILD",
            ["CRAFT_PART_SRC_WORK"] = dirs["CRAFT_PART_SRC"],
            ["CRAFT_PART_BUILD_WORK"] = dirs["CRAFT_PART_BUILD"],
        };
        foreach (var (key, value) in dirs)
        {
            environment[key] = value;
        }

        var script = Path.Combine(work, "override-build.sh");
        File.WriteAllText(script, "set -euo pipefail\nset -x\n" + overrideBuild);
        var result = Shell.Run("/bin/bash", [script], dirs["CRAFT_PART_BUILD"], environment);
        Assert.True(result.ExitCode == 0, result.Output);

        // What charmcraft stages, primes and zips: dispatch and the binary, executable (it adds its own metadata.yaml
        // and manifest.yaml over the ones the part wrote).
        var install = dirs["CRAFT_PART_INSTALL"];
        var binary = Path.Combine(install, "bin", sample);
        foreach (var file in new[] { Path.Combine(install, "dispatch"), binary })
        {
            Assert.True(File.Exists(file), $"the part did not install {file}:\n{result.Output}");
            Assert.True(File.GetUnixFileMode(file).HasFlag(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute), $"{file} is not executable");
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(install, "bin"), "*.dll"));
        Assert.Equal(charm, JujuYaml.String(JujuYaml.Parse(File.ReadAllText(Path.Combine(install, "metadata.yaml"))), "name"));

        // The installed charm runs: outside Juju it says what is missing and exits 2.
        var run = Shell.Run(Path.Combine(install, "dispatch"), [], work, timeout: TimeSpan.FromMinutes(1));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("JUJU_DISPATCH_PATH", run.Output, StringComparison.Ordinal);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}

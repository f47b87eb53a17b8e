using System.IO.Compression;
using System.Xml.Linq;
using Charm.Packaging.Tests.Charmcraft;
using YamlDotNet.RepresentationModel;

namespace Charm.Packaging.Tests;

[Collection(BuiltSamplesCollection.Name)]
public sealed class PackagingTests
{
    private readonly BuiltSamples _built;

    public PackagingTests(BuiltSamples built)
    {
        _built = built;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    private ZipArchive Package(string id) => ZipFile.OpenRead(Path.Combine(_built.PackagesDirectory, id + ".0.1.0.nupkg"));

    [Fact]
    public void TheTokenDistributorPackageCarriesTheRuntimeTheGeneratorAndTheCodeFixes()
    {
        using var package = Package("Charm.TokenDistributor");
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/net10.0/Charm.TokenDistributor.dll", entries);
        Assert.Contains("lib/net10.0/Charm.TokenDistributor.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/Charm.TokenDistributor.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Charm.TokenDistributor.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFrameworkPackageCarriesTheCharmPackTargets()
    {
        using var package = Package("Charm.Framework");
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/Charm.Framework.dll", entries);
        Assert.Contains("buildTransitive/Charm.Framework.targets", entries);

        // The CharmPack task and what it loads sit beside each other, outside lib/ (MSBuild loads them, nothing
        // references them), and the package does not depend on the task's projects.
        Assert.Contains("tasks/netstandard2.0/Charm.Charmcraft.Tasks.dll", entries);
        Assert.Contains("tasks/netstandard2.0/Charm.Charmcraft.dll", entries);
        Assert.Contains("tasks/netstandard2.0/YamlDotNet.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("tasks/", StringComparison.Ordinal) && e.Contains("Microsoft.Build", StringComparison.Ordinal));
        using var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value);
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Charm.Charmcraft", StringComparison.Ordinal) || id == "YamlDotNet");
    }

    [Theory]
    [InlineData("Charm.Framework")]
    [InlineData("Charm.Simulator.Microcluster")]
    [InlineData("Charm.Testing")]
    [InlineData("Charm.TokenDistributor")]
    public void EveryPackageHasTheMetadataANuGetUserExpects(string id)
    {
        using var package = Package(id);
        var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(id, Field("id"));
        Assert.Equal("0.1.0", Field("version"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Equal("Apache-2.0", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("juju", Field("tags"), StringComparison.Ordinal);
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));
        Assert.True(File.Exists(Path.Combine(_built.PackagesDirectory, id + ".0.1.0.snupkg")), "symbols package missing");
    }

    [Theory]
    [InlineData("microctl", "MicroctlCharm", "requires", "cluster", true)]
    [InlineData("token-distributor", "TokenDistributorCharm", "provides", "microcluster-cluster", false)]
    public void TheSampleCharmsHaveTheLayoutJujuRuns(string charm, string binary, string role, string endpoint, bool configured)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(_built.CharmsDirectory, charm + ".charm"));
        var entries = archive.Entries.ToDictionary(e => e.FullName);

        // charmcraft's layout for a charm built with the nil plugin: dispatch at the top (Juju 2.8+ runs it for every
        // hook, so no hooks/ directory), the part's files (bin/), and the YAML files charmcraft generates. microctl
        // declares an option and an action, so it has config.yaml and actions.yaml; the distributor declares neither,
        // so it has none (charmcraft writes them only then).
        string[] expected = configured
            ? ["actions.yaml", "bin/" + binary, "charmcraft.yaml", "config.yaml", "dispatch", "manifest.yaml", "metadata.yaml"]
            : ["bin/" + binary, "charmcraft.yaml", "dispatch", "manifest.yaml", "metadata.yaml"];
        Assert.Equal(expected, entries.Keys.Order(StringComparer.Ordinal));

        // Juju's archive reader keeps the zip's mode bits when it unpacks the charm: dispatch and the binary must be
        // executable in the archive itself.
        const int Executable = 0b001_001_001; // o+x, g+x, u+x
        Assert.Equal(Executable, (entries["dispatch"].ExternalAttributes >> 16) & Executable);
        Assert.Equal(Executable, (entries["bin/" + binary].ExternalAttributes >> 16) & Executable);
        string Read(string name)
        {
            using var reader = new StreamReader(entries[name].Open());
            return reader.ReadToEnd();
        }

        var script = Read("dispatch").Split('\n');
        Assert.Equal("#!/bin/sh", script[0]);
        Assert.Single(script, line => line.StartsWith("JUJU_DISPATCH_PATH=", StringComparison.Ordinal) && line.Contains("exec \"$charm_dir/bin/" + binary + "\"", StringComparison.Ordinal));

        // meta.go: name, summary, description are strings; the endpoint has its interface.
        var metadata = JujuYaml.Parse(Read("metadata.yaml"));
        Assert.Equal(charm, JujuYaml.String(metadata, "name"));
        Assert.NotEmpty(JujuYaml.String(metadata, "summary"));
        Assert.NotEmpty(JujuYaml.String(metadata, "description"));
        Assert.Equal("worker-cluster", JujuYaml.String(JujuYaml.Map(JujuYaml.Map(metadata, role), endpoint), "interface"));

        // manifest.go: one base, ubuntu, channel "24.04" (a string), on amd64.
        var only = Assert.IsType<YamlMappingNode>(Assert.Single(JujuYaml.List(JujuYaml.Parse(Read("manifest.yaml")), "bases")));
        Assert.Equal("ubuntu", JujuYaml.String(only, "name"));
        Assert.Equal("24.04", JujuYaml.String(only, "channel"));
        Assert.Equal(["amd64"], JujuYaml.List(only, "architectures").Select(JujuYaml.String));
    }

    [Theory]
    [InlineData("microctl", "MicroctlCharm")]
    [InlineData("token-distributor", "TokenDistributorCharm")]
    public void TheSampleCharmsArePublishedAsNativeBinaries(string charm, string binary)
    {
        var path = Path.Combine(_built.CharmsDirectory, charm, "bin", binary);
        var header = new byte[4];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);
        Assert.False(File.Exists(Path.Combine(_built.CharmsDirectory, charm, "bin", binary + ".dll")), "a Native AOT charm has no managed entry assembly");
        Assert.Empty(Directory.GetFiles(Path.Combine(_built.CharmsDirectory, charm, "bin"), "*.dll"));
    }

    [Fact]
    public void TheAotCharmDispatchesAHookAndFailsCleanlyOutsideJuju()
    {
        // Without Juju's variables the charm must say what is missing and exit 2, not crash.
        var result = Shell.Run(Path.Combine(_built.CharmsDirectory, "microctl", "dispatch"), [], _built.Scratch, timeout: TimeSpan.FromMinutes(1));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("JUJU_DISPATCH_PATH", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMisuseSampleFailsToBuildWithTheAnalyzersDiagnostic()
    {
        var result = Shell.Run(
            "dotnet",
            ["build", Path.Combine(RepositoryRoot.Path, "samples", "AnalyzerMisuse", "AnalyzerMisuse.csproj"), "-nologo", "-c", "Release", "-o", Path.Combine(_built.Scratch, "misuse")],
            RepositoryRoot.Path,
            _built.Environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CTD1001", result.Output, StringComparison.Ordinal);
        Assert.Contains("MisusingCharm.cs(15,", result.Output, StringComparison.Ordinal);
    }
}

using System.IO.Compression;
using System.Xml.Linq;

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
    }

    [Theory]
    [InlineData("Charm.Framework")]
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
    [InlineData("microctl", "MicroctlCharm")]
    [InlineData("token-distributor", "TokenDistributorCharm")]
    public void TheSampleCharmsHaveTheLayoutJujuRuns(string charm, string binary)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(_built.CharmsDirectory, charm + ".charm"));
        var entries = archive.Entries.ToDictionary(e => e.FullName);

        foreach (var name in new[] { "dispatch", "charmcraft.yaml", "metadata.yaml", "manifest.yaml", "bin/" + binary })
        {
            Assert.True(entries.ContainsKey(name), $"{charm}.charm lacks {name}; it has {string.Join(", ", entries.Keys)}");
        }

        const int Executable = 0b001_001_001; // o+x, g+x, u+x
        Assert.Equal(Executable, (entries["dispatch"].ExternalAttributes >> 16) & Executable);
        Assert.Equal(Executable, (entries["bin/" + binary].ExternalAttributes >> 16) & Executable);
        using var dispatch = new StreamReader(entries["dispatch"].Open());
        var script = dispatch.ReadToEnd();
        Assert.StartsWith("#!/bin/sh", script, StringComparison.Ordinal);
        Assert.Contains("bin/" + binary, script, StringComparison.Ordinal);
        using var metadata = new StreamReader(entries["metadata.yaml"].Open());
        Assert.Contains("name: " + charm, metadata.ReadToEnd(), StringComparison.Ordinal);
        using var manifest = new StreamReader(entries["manifest.yaml"].Open());
        Assert.Contains("bases:", manifest.ReadToEnd(), StringComparison.Ordinal);
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

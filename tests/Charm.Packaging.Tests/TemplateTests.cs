using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Charm.Packaging.Tests;

/// <summary>
/// The author's path from nothing: install the templates from the packed Charm.Templates, instantiate each in an empty
/// folder against the local feed, build and test it, publish it as a Native AOT <c>.charm</c>, and form a cluster with
/// the two in charm-sim through the consumer template's own <c>simulate.sh</c>. Each step is timed (the README quotes
/// the total).
/// </summary>
[Collection(BuiltSamplesCollection.Name)]
public sealed class TemplateTests
{
    private readonly BuiltSamples _built;
    private readonly ITestOutputHelper _output;

    public TemplateTests(BuiltSamples built, ITestOutputHelper output)
    {
        _built = built;
        _output = output;
        Assert.True(built.Result.ExitCode == 0, "samples/build-charms.sh failed:\n" + built.Result.Output);
    }

    [Fact]
    public void A_consumer_and_a_distributor_from_the_templates_build_test_pack_and_form_a_cluster_in_charm_sim()
    {
        using var scratch = new ScratchProjects(_built, "templates");
        var clock = Stopwatch.StartNew();
        var total = Stopwatch.StartNew();
        void Step(string what)
        {
            _output.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:F0} s");
            clock.Restart();
        }

        var install = scratch.Dotnet(scratch.Root, "new", "install", Path.Combine(_built.PackagesDirectory, "Charm.Templates.0.1.0.nupkg"));
        Assert.True(install.ExitCode == 0, install.Output);
        Step("dotnet new install");

        var consumer = New(scratch, "charm-consumer", "MicroDemo", "micro-demo", "--cli", "microctl");
        var distributor = New(scratch, "charm-distributor", "MicroDist", "micro-dist");
        Step("dotnet new (both)");

        AssertRequires(Path.Combine(consumer, "MicroDemo", "charmcraft.yaml"), "micro-demo", "requires", "cluster");
        AssertRequires(Path.Combine(distributor, "MicroDist", "charmcraft.yaml"), "micro-dist", "provides", "microcluster-cluster");

        foreach (var project in new[] { consumer, distributor })
        {
            var test = scratch.Dotnet(project, "test", "-c", "Release", "-nologo");
            Assert.True(test.ExitCode == 0, test.Output);
            Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+2", test.Output);
        }

        Step("dotnet test (both)");

        var charms = Path.Combine(scratch.Root, "charms");
        Directory.CreateDirectory(charms);
        var publish = scratch.Dotnet(distributor, "publish", "MicroDist/MicroDist.csproj", "-c", "Release", "-r", "linux-x64", "-nologo",
            $"-p:CharmOutputPath={charms}/micro-dist.charm", $"-p:CharmUnpackedDirectory={charms}/micro-dist");
        Assert.True(publish.ExitCode == 0, publish.Output);
        using (var archive = ZipFile.OpenRead(Path.Combine(charms, "micro-dist.charm")))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Superset(new HashSet<string> { "dispatch", "bin/MicroDist", "charmcraft.yaml", "metadata.yaml", "manifest.yaml" }, entries);
        }

        Step("dotnet publish the distributor (Native AOT, .charm)");

        var simulate = Shell.Run(
            "bash",
            [Path.Combine(consumer, "simulate.sh"), "--seed", "3", "--units", "3", "--hook-tool", Path.Combine(AppContext.BaseDirectory, "hooktool", "charm-sim-tool")],
            consumer,
            new Dictionary<string, string>(scratch.Environment)
            {
                ["CHARM_SIM"] = Path.Combine(AppContext.BaseDirectory, "sim", "charm-sim"),
                ["DISTRIBUTOR"] = Path.Combine(charms, "micro-dist"),
                ["COLUMNS"] = "160",
            },
            TimeSpan.FromMinutes(20));
        Step("simulate.sh (publish the consumer, form the cluster)");
        _output.WriteLine(simulate.Output);
        _output.WriteLine($"total: {total.Elapsed.TotalSeconds:F0} s");

        Assert.True(simulate.ExitCode == 0, simulate.Output);
        Assert.Contains("Converged: every micro-demo unit is a cluster member", simulate.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(consumer, "artifacts", "micro-demo.charm")), "simulate.sh did not pack the consumer");
        Assert.Matches(@"bootstrap\s*×1", simulate.Output);
        Assert.Matches(@"join\s*×2", simulate.Output);
    }

    [Fact]
    public void The_templates_default_toolkit_version_is_the_packages_version()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_built.PackagesDirectory, "Charm.Templates.0.1.0.nupkg"));
        foreach (var template in new[] { "consumer", "distributor" })
        {
            using var stream = package.GetEntry($"content/{template}/.template.config/template.json")!.Open();
            using var json = JsonDocument.Parse(stream);
            var symbols = json.RootElement.GetProperty("symbols");
            Assert.Equal("0.1.0", symbols.GetProperty("toolkitVersion").GetProperty("defaultValue").GetString());
            Assert.Equal("charm-" + template, json.RootElement.GetProperty("shortName").GetString());
        }

        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("0.1.0", metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
        Assert.Equal("Template", metadata.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);
    }

    private static string New(ScratchProjects scratch, string template, string name, string charmName, params string[] more)
    {
        var created = scratch.Dotnet(scratch.Root, ["new", template, "-n", name, "--charm-name", charmName, "--feed", scratch.Feed, .. more]);
        Assert.True(created.ExitCode == 0, created.Output);
        var directory = Path.Combine(scratch.Root, name);

        // The nuget.config the template wrote restores Charm.* from the feed given, the rest from nuget.org.
        var config = XDocument.Load(Path.Combine(directory, "nuget.config"));
        Assert.Equal(scratch.Feed, config.Descendants("add").Single(a => a.Attribute("key")?.Value == "charm-toolkit").Attribute("value")!.Value);
        Assert.Equal("Charm.*", config.Descendants("packageSource").Single(s => s.Attribute("key")?.Value == "charm-toolkit").Element("package")!.Attribute("pattern")!.Value);
        return directory;
    }

    /// <summary>The charm's metadata, read with a YAML parser: its name, and the token distributor endpoint over worker-cluster.</summary>
    private static void AssertRequires(string path, string charmName, string section, string endpoint)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal(charmName, ((YamlScalarNode)root["name"]).Value);
        var declared = (YamlMappingNode)((YamlMappingNode)root[section])[endpoint];
        Assert.Equal("worker-cluster", ((YamlScalarNode)declared["interface"]).Value);

        // charmcraft 3.x's form for ubuntu@24.04 (charmcraft models/project.py: a 24.04 base needs `base:` and
        // `platforms:`, and the `bases:` list is refused for it); the metadata lives in charmcraft.yaml alone (charmcraft
        // refuses a metadata.yaml beside an all-in-one charmcraft.yaml that sets the same keys); and a part to build it.
        Assert.Equal("ubuntu@24.04", ((YamlScalarNode)root["base"]).Value);
        Assert.Contains(new YamlScalarNode("amd64"), ((YamlMappingNode)root["platforms"]).Children.Keys);
        Assert.False(root.Children.ContainsKey(new YamlScalarNode("bases")), "charmcraft 3 refuses `bases:` for ubuntu@24.04");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "metadata.yaml")), "metadata.yaml beside charmcraft.yaml");
        var charmPart = (YamlMappingNode)((YamlMappingNode)root["parts"])["charm"];
        Assert.Equal(".", ((YamlScalarNode)charmPart["source"]).Value);
        Assert.Contains("dotnet publish", ((YamlScalarNode)charmPart["override-build"]).Value, StringComparison.Ordinal);
    }
}

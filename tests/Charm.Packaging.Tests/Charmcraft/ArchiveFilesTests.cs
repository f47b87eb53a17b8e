using Charm.Charmcraft;
using YamlDotNet.RepresentationModel;

namespace Charm.Packaging.Tests.Charmcraft;

/// <summary>
/// The files written for a charm's archive have the structure Juju's readers require (internal/charm: manifest.go,
/// meta.go, config.go, actions.go), each read back with YamlDotNet's parser, never by looking for text.
/// </summary>
public sealed class ArchiveFilesTests
{
    private static IReadOnlyDictionary<string, string> Files(string architecture = "amd64")
    {
        var files = CharmcraftProject.Parse(CharmcraftValidationTests.Valid).ArchiveFiles(architecture, out var diagnostics);
        Assert.Empty(diagnostics);
        return files;
    }

    [Fact]
    public void TheManifestNamesEachBaseWithAStringChannelAndJujuArchitectures()
    {
        // manifest.go: bases is a list of {name, channel, architectures}, all strings, name "ubuntu", channel not empty,
        // each architecture one Juju supports; a plain 24.04 would be a float and refused ("channel not valid").
        var manifest = JujuYaml.Parse(Files()["manifest.yaml"]);
        var only = Assert.IsType<YamlMappingNode>(Assert.Single(JujuYaml.List(manifest, "bases")));
        Assert.Equal("ubuntu", JujuYaml.String(only, "name"));
        Assert.Equal("24.04", JujuYaml.String(only, "channel"));
        Assert.Equal(["amd64"], JujuYaml.List(only, "architectures").Select(JujuYaml.String));
    }

    [Fact]
    public void TheMetadataIsWhatCharmcraftGeneratesFromCharmcraftYaml()
    {
        // charmcraft's CharmMetadata.from_charm: name, title as display-name, summary, description, the endpoints; meta.go
        // reads each endpoint as an interface string or {interface, limit, ...}; no charmcraft-only key (type, base,
        // platforms, parts, config, actions) is carried over.
        var metadata = JujuYaml.Parse(Files()["metadata.yaml"]);
        Assert.Equal("configured", JujuYaml.String(metadata, "name"));
        Assert.Equal("Configured charm", JujuYaml.String(metadata, "display-name"));
        Assert.Equal("A charm with options and actions.", JujuYaml.String(metadata, "summary"));
        Assert.Equal("Used by the packaging tests.\n", JujuYaml.String(metadata, "description"));
        var cluster = JujuYaml.Map(JujuYaml.Map(metadata, "requires"), "cluster");
        Assert.Equal("worker-cluster", JujuYaml.String(cluster, "interface"));
        Assert.Equal("1", JujuYaml.Plain(cluster, "limit"));
        // The shorthand `metrics: prometheus` is written in the long form, which Juju reads the same.
        Assert.Equal("prometheus", JujuYaml.String(JujuYaml.Map(JujuYaml.Map(metadata, "provides"), "metrics"), "interface"));
        Assert.Equal("configured-peers", JujuYaml.String(JujuYaml.Map(JujuYaml.Map(metadata, "peers"), "replicas"), "interface"));
        Assert.Equal(
            ["name", "display-name", "summary", "description", "peers", "provides", "requires"],
            metadata.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    [Fact]
    public void TheFrameworkReadsTheGeneratedMetadataAtRunTime()
    {
        // A dispatched charm reads its endpoints (peer or not) from metadata.yaml in the charm directory.
        var metadata = Charm.Framework.Model.CharmMetadata.ParseYaml(Files()["metadata.yaml"]);
        Assert.Equal(
            [("cluster", "Requires", "worker-cluster", (int?)1), ("metrics", "Provides", "prometheus", null), ("replicas", "Peers", "configured-peers", null)],
            metadata.Endpoints.Select(e => (e.Name, e.Role.ToString(), e.Interface, e.Limit)).OrderBy(e => e.Name, StringComparer.Ordinal));
        Assert.True(metadata.IsPeer("replicas"));
    }

    [Fact]
    public void TheConfigHasEveryOptionWithItsTypeAndATypedDefault()
    {
        // config.go: options.<name>.{type, default, description}; the default must have the option's type as go-yaml
        // reads it (an int plain, a float with a dot, a boolean plain, a string quoted).
        var options = JujuYaml.Map(JujuYaml.Parse(Files()["config.yaml"]), "options");
        Assert.Equal(["port", "ratio", "verbose", "greeting", "password"], options.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var port = JujuYaml.Map(options, "port");
        Assert.Equal("int", JujuYaml.String(port, "type"));
        Assert.Equal("8080", JujuYaml.Plain(port, "default"));
        Assert.Equal("The port.", JujuYaml.String(port, "description"));
        Assert.Equal("0.5", JujuYaml.Plain(JujuYaml.Map(options, "ratio"), "default"));
        Assert.Equal("false", JujuYaml.Plain(JujuYaml.Map(options, "verbose"), "default"));
        Assert.Equal("hello 😀", JujuYaml.String(JujuYaml.Map(options, "greeting"), "default"));
        var password = JujuYaml.Map(options, "password");
        Assert.Equal("secret", JujuYaml.String(password, "type"));
        Assert.False(JujuYaml.Has(password, "default"));
    }

    [Fact]
    public void AJujuCoercedDefaultIsWrittenAsItsType()
    {
        // A numeric string default for an int option is what Juju would coerce it to: written as the integer.
        var project = CharmcraftProject.Parse(CharmcraftValidationTests.Valid.Replace("      default: 8080", "      default: \"0x1F\"", StringComparison.Ordinal));
        var options = JujuYaml.Map(JujuYaml.Parse(project.ArchiveFiles("amd64", out _)["config.yaml"]), "options");
        Assert.Equal("31", JujuYaml.Plain(JujuYaml.Map(options, "port"), "default"));
    }

    [Fact]
    public void TheActionsAreEachActionWithItsParamsSchema()
    {
        // actions.go: a mapping of action name to {description, params: {name: JSON schema}, required, ...}; an action
        // with no body is valid.
        var actions = JujuYaml.Parse(Files()["actions.yaml"]);
        var snapshot = JujuYaml.Map(actions, "snapshot");
        Assert.Equal("Take a snapshot.", JujuYaml.String(snapshot, "description"));
        var parameters = JujuYaml.Map(snapshot, "params");
        Assert.Equal("string", JujuYaml.String(JujuYaml.Map(parameters, "filename"), "type"));
        Assert.Equal("true", JujuYaml.Plain(JujuYaml.Map(parameters, "compress"), "default"));
        Assert.Equal(["filename"], JujuYaml.List(snapshot, "required").Select(JujuYaml.String));
        Assert.Equal("null", JujuYaml.Plain(actions, "restart"));
    }

    [Fact]
    public void ACharmWithoutOptionsOrActionsGetsNoConfigOrActionsFile()
    {
        // charmcraft writes config.yaml and actions.yaml only when the charm has them.
        var lines = CharmcraftValidationTests.Valid.Split('\n');
        var bare = string.Join('\n', lines.Take(18).Concat(lines.SkipWhile(l => l != "parts:")));
        var files = CharmcraftProject.Parse(bare).ArchiveFiles("amd64", out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(["manifest.yaml", "metadata.yaml"], files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FilesBesideCharmcraftYamlGoIntoTheArchiveAsTheyAre()
    {
        // charmcraft copies a metadata.yaml/config.yaml/actions.yaml it finds beside charmcraft.yaml into the charm.
        const string charmcraft = "type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: nil\n";
        const string metadata = "name: legacy\nsummary: s\ndescription: d\nrequires:\n  db: mysql\n";
        const string config = "options:\n  port: {type: int, default: 1}\n";
        const string actions = "ping: {description: Ping.}\n";
        var project = CharmcraftProject.Parse(charmcraft, metadata, config, actions);
        var files = project.ArchiveFiles("amd64", out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal("legacy", project.Name);
        Assert.Equal(metadata, files["metadata.yaml"]);
        Assert.Equal(config, files["config.yaml"]);
        Assert.Equal(actions, files["actions.yaml"]);
        Assert.Equal("mysql", project.Endpoints.Single().Interface);
    }

    [Fact]
    public void APlatformNamingItsBaseNeedsNoBaseKey()
    {
        // craft-platforms: a build-for of base:architecture carries the base (multi-base charms have no 'base').
        const string charmcraft = "name: multi\ntype: charm\nsummary: s\ndescription: d\nplatforms:\n  jammy:\n    build-on: [ubuntu@22.04:amd64]\n    build-for: [ubuntu@22.04:amd64]\nparts:\n  charm:\n    plugin: nil\n";
        var files = CharmcraftProject.Parse(charmcraft).ArchiveFiles("amd64", out var diagnostics);
        Assert.Empty(diagnostics);
        var only = Assert.IsType<YamlMappingNode>(Assert.Single(JujuYaml.List(JujuYaml.Parse(files["manifest.yaml"]), "bases")));
        Assert.Equal("22.04", JujuYaml.String(only, "channel"));
    }
}

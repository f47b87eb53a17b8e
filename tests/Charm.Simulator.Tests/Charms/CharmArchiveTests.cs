using Charm.Framework.Model;
using Charm.Simulator.Charms;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Processes;

namespace Charm.Simulator.Tests.Charms;

/// <summary>
/// A <c>.charm</c> deployed as Juju deploys one. Facts from juju/juju's internal/charm: the archive reader needs
/// metadata.yaml, reads an optional manifest.yaml whose bases it validates (Base.Validate: a name, os "ubuntu", a
/// channel, supported architectures; wrapped as <c>parsing "manifest.yaml" file: manifest: …</c>); config.yaml options
/// have types string/int/float/boolean/secret and defaults of that type (ReadConfig); <c>juju config k=v</c> is parsed
/// by ParseSettingsStrings (<c>unknown option "k"</c>, <c>option "k" expected int, got "x"</c>); actions.yaml names match
/// <c>^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$</c> and params form a JSON schema with additionalProperties false by default.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CharmArchiveTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sim-archive-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private Simulation NewSimulation() => new(new SimulationOptions
    {
        Seed = 5,
        UpdateStatusInterval = null,
        HookToolPath = ProgramPaths.FastHookToolDirectory,
        HookTimeout = TimeSpan.FromSeconds(60),
    });

    [Fact]
    public void AnArchiveIsUnpackedKeepingFileModesSoItsDispatchRuns()
    {
        var archive = ArchiveBuilder.Write(_work, ArchiveBuilder.Charm("#!/bin/sh\necho ran > \"$JUJU_CHARM_DIR/.ran-$JUJU_HOOK_NAME\"\n"));
        var charm = CharmSource.FromArchive(archive, Path.Combine(_work, "unpacked"));

        var dispatch = Path.Combine(charm.Directory!, "dispatch");
        Assert.True((File.GetUnixFileMode(dispatch) & UnixFileMode.UserExecute) != 0, "dispatch lost its executable bit");
        Assert.Equal("link", Assert.Single(charm.Metadata.Endpoints).Name);
        Assert.Equal(archive, charm.Archive);

        using var sim = NewSimulation();
        sim.Deploy("probe", charm);
        var result = sim.RunUntilQuiescent(maxSteps: 20);
        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.All(sim.Trace, t => Assert.True(t.Result == HookResult.Succeeded, $"{t}\n{t.ErrorOutput}"));
        Assert.True(File.Exists(Path.Combine(sim.Model.GetUnit("probe/0").CharmDirectory!, ".ran-install")));
    }

    [Theory]
    // The manifest: indentation lost, so the one base has a name and no channel.
    [InlineData("bases:\n- name: ubuntu\nchannel: \"24.04\"\narchitectures:\n- amd64\n", "channel not valid")]
    [InlineData("bases:\n- channel: \"24.04\"\n", "base without name not valid")]
    [InlineData("bases:\n- name: centos\n  channel: \"7\"\n", "os \"centos\" not valid")]
    [InlineData("bases:\n- name: ubuntu\n  channel: \"24.04\"\n  architectures: [amd64, sparc]\n", "architecture \"sparc\" not valid")]
    [InlineData("base: ubuntu@24.04\n", "coerce: expected list, got nothing")]
    public void AManifestJujuRefusesIsRefusedWithJujusReason(string manifest, string reason)
    {
        var files = ArchiveBuilder.Charm();
        files["manifest.yaml"] = manifest;
        var archive = ArchiveBuilder.Write(_work, files);

        var e = Assert.Throws<FormatException>(() => CharmSource.FromArchive(archive, Path.Combine(_work, "unpacked")));

        Assert.Contains("parsing \"manifest.yaml\" file: manifest: " + reason, e.Message, StringComparison.Ordinal);
        Assert.Contains(archive, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "unpacked", "dispatch")));
    }

    [Fact]
    public void AnArchiveWithoutMetadataIsRefused()
    {
        var files = ArchiveBuilder.Charm();
        files.Remove("metadata.yaml");
        var e = Assert.Throws<FormatException>(() => CharmSource.FromArchive(ArchiveBuilder.Write(_work, files)));
        Assert.Contains("archive file \"metadata.yaml\" not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigYamlDefaultsAreWhatConfigGetShows()
    {
        var files = ArchiveBuilder.Charm();
        files["config.yaml"] = "options:\n  port: {type: int, default: 7443}\n  name: {type: string, default: \"7443\"}\n  debug: {type: boolean, default: false}\n  ratio: {type: float, default: 0.5}\n  token: {type: string}\n";
        using var sim = NewSimulation();
        var app = sim.Deploy("probe", CharmSource.FromArchive(ArchiveBuilder.Write(_work, files), Path.Combine(_work, "unpacked")), units: 0);

        Assert.Equal(
            new Dictionary<string, ConfigValue> { ["debug"] = false, ["name"] = "7443", ["port"] = 7443L, ["ratio"] = 0.5 },
            app.EffectiveConfig);

        sim.SetConfig("probe", new Dictionary<string, ConfigValue> { ["port"] = "9000", ["debug"] = "True" });
        Assert.Equal(9000L, app.EffectiveConfig["port"].Value);
        Assert.Equal(true, app.EffectiveConfig["debug"].Value);

        // An empty value resets the option to its default.
        sim.SetConfig("probe", new Dictionary<string, ConfigValue> { ["port"] = "" });
        Assert.Equal(7443L, app.EffectiveConfig["port"].Value);
    }

    [Theory]
    [InlineData("colour", "blue", "unknown option \"colour\"")]
    [InlineData("port", "seven", "option \"port\" expected int, got \"seven\"")]
    [InlineData("debug", "yes", "option \"debug\" expected boolean, got \"yes\"")]
    public void ConfigStepsAreRefusedAsJujuConfigRefusesThem(string key, string value, string message)
    {
        var files = ArchiveBuilder.Charm();
        files["config.yaml"] = "options:\n  port: {type: int, default: 7443}\n  debug: {type: boolean}\n";
        using var sim = NewSimulation();
        var app = sim.Deploy("probe", CharmSource.FromArchive(ArchiveBuilder.Write(_work, files), Path.Combine(_work, "unpacked")), units: 0);

        var e = Assert.Throws<ArgumentException>(() => sim.SetConfig("probe", new Dictionary<string, ConfigValue> { [key] = value }));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Empty(app.Config);
        Assert.Throws<ArgumentException>(() => sim.Deploy("again", CharmSource.FromArchive(ArchiveBuilder.Write(_work, files, "again.charm"), Path.Combine(_work, "again")), units: 0, new Dictionary<string, ConfigValue> { [key] = value }));
    }

    [Fact]
    public void AnArchiveWithoutConfigYamlHasNoOptions()
    {
        using var sim = NewSimulation();
        sim.Deploy("probe", CharmSource.FromArchive(ArchiveBuilder.Write(_work, ArchiveBuilder.Charm()), Path.Combine(_work, "unpacked")), units: 0);
        var e = Assert.Throws<ArgumentException>(() => sim.SetConfig("probe", new Dictionary<string, ConfigValue> { ["port"] = "1" }));
        Assert.StartsWith("unknown option \"port\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("options:\n  port: {type: integer}\n", "invalid config: option \"port\" has unknown type \"integer\"")]
    [InlineData("options:\n  port: {type: int, default: \"x\"}\n", "invalid config default: option \"port\" expected int, got \"x\"")]
    [InlineData("{}\n", "invalid config: empty configuration")]
    [InlineData("get-it:\n  description: x\n", "invalid config: empty configuration")]
    public void AConfigYamlJujuRefusesIsRefused(string config, string reason)
    {
        var files = ArchiveBuilder.Charm();
        files["config.yaml"] = config;
        var e = Assert.Throws<FormatException>(() => CharmSource.FromArchive(ArchiveBuilder.Write(_work, files)));
        Assert.EndsWith(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionsAreCheckedAgainstActionsYamlAsJujuRunChecksThem()
    {
        var actions = CharmActions.Parse("get-token:\n  params:\n    name: {type: string}\n    ttl: {type: integer}\n  required: [name]\n");

        actions.Validate("probe/0", "get-token", new Dictionary<string, object?> { ["name"] = "n1", ["ttl"] = 30L });
        Assert.StartsWith("action \"bogus\" not defined on unit \"probe/0\"", Assert.Throws<ArgumentException>(() => actions.Validate("probe/0", "bogus", new Dictionary<string, object?>())).Message, StringComparison.Ordinal);
        Assert.StartsWith("validation failed: (root).ttl : must be of type integer, given \"soon\"", Assert.Throws<ArgumentException>(() => actions.Validate("probe/0", "get-token", new Dictionary<string, object?> { ["name"] = "n", ["ttl"] = "soon" })).Message, StringComparison.Ordinal);
        Assert.StartsWith("validation failed: (root) : name is required", Assert.Throws<ArgumentException>(() => actions.Validate("probe/0", "get-token", new Dictionary<string, object?>())).Message, StringComparison.Ordinal);
        Assert.StartsWith("validation failed: (root) : Additional property colour is not allowed", Assert.Throws<ArgumentException>(() => actions.Validate("probe/0", "get-token", new Dictionary<string, object?> { ["name"] = "n", ["colour"] = "red" })).Message, StringComparison.Ordinal);
        Assert.Equal("bad action name Get_Token", Assert.Throws<FormatException>(() => CharmActions.Parse("Get_Token: {}\n")).Message);
    }

    [Fact]
    public void RunActionRefusesAnActionTheArchiveDoesNotDeclare()
    {
        var files = ArchiveBuilder.Charm();
        files["actions.yaml"] = "get-token:\n  description: issue a token\n";
        using var sim = NewSimulation();
        sim.Deploy("probe", CharmSource.FromArchive(ArchiveBuilder.Write(_work, files), Path.Combine(_work, "unpacked")));
        sim.RunUntilQuiescent(maxSteps: 20);

        var e = Assert.Throws<ArgumentException>(() => sim.RunAction("probe/0", "rotate"));
        Assert.StartsWith("action \"rotate\" not defined on unit \"probe/0\"", e.Message, StringComparison.Ordinal);
    }
}

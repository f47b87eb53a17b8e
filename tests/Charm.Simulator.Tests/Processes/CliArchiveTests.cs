using Charm.Simulator.Tests.Charms;
using Charm.Simulator.Tests.Cli;

namespace Charm.Simulator.Tests.Processes;

/// <summary>charm-sim deploys <c>.charm</c> files as <c>juju deploy ./x.charm</c> does (samples/demo.sh passes the sample archives).</summary>
[Collection(ProcessCollection.Name)]
public sealed class CliArchiveTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sim-cli-archive-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Archive(string role, string metadata, string manifest = ArchiveBuilder.Manifest)
        => ArchiveBuilder.Write(_work, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.yaml"] = metadata,
            ["manifest.yaml"] = manifest,
            ["dispatch"] = $"#!/bin/sh\nexec '{ProgramPaths.FastTestCharm}' {role}\n",
        }, role + ".charm");

    [Fact]
    public void CharmSimDeploysDotCharmFiles()
    {
        var consumer = Archive("consumer", "name: microctl\nrequires:\n  cluster:\n    interface: worker-cluster\n    limit: 1\n");
        var distributor = Archive("distributor", "name: token-distributor\nprovides:\n  microcluster-cluster:\n    interface: worker-cluster\n");

        var (exit, output, runner) = CliHarness.Demo(
            "--consumer", consumer, "--distributor", distributor, "--mode", "process", "--units", "2", "--quiet",
            "--hook-tool", ProgramPaths.FastHookToolDirectory);

        Assert.True(exit == 0, output);
        Assert.Contains("Converged", output, StringComparison.Ordinal);
        Assert.Equal(consumer, runner.Simulation!.Model.GetApplication("microctl").Charm.Archive);
    }

    [Fact]
    public void CharmSimRefusesAnArchiveJujuRefusesWithJujusReason()
    {
        var consumer = Archive("consumer", "name: microctl\nrequires:\n  cluster:\n    interface: worker-cluster\n", "bases:\n- name: ubuntu\nchannel: \"24.04\"\n");
        var distributor = Archive("distributor", "name: token-distributor\nprovides:\n  microcluster-cluster:\n    interface: worker-cluster\n");

        var (exit, output, _) = CliHarness.Demo(
            "--consumer", consumer, "--distributor", distributor, "--mode", "process", "--quiet", "--hook-tool", ProgramPaths.FastHookToolDirectory);

        Assert.Equal(3, exit);
        Assert.Contains("parsing \"manifest.yaml\" file: manifest: channel not valid", output, StringComparison.Ordinal);
    }
}

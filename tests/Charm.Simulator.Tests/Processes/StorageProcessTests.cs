using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// A charm run as a process gets its declared storage as Juju gives it: <c>data-storage-attached</c> before
/// <c>install</c> with <c>JUJU_STORAGE_ID</c>, <c>JUJU_STORAGE_LOCATION</c> and <c>JUJU_STORAGE_KIND</c> (juju/juju's
/// uniter HookVars), and <c>storage-get</c>/<c>storage-list</c> on PATH answering for it.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StorageProcessTests : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("sim-storage-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    [Fact]
    public void AShellCharmFindsItsStorageInTheAttachedHookBeforeInstall()
    {
        var directory = Path.Combine(_charms, "keeper");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "metadata.yaml"), "name: keeper\nstorage:\n  data:\n    type: filesystem\n    location: /srv/data\n");
        ProgramPaths.WriteExecutable(Path.Combine(directory, "dispatch"), """
            #!/bin/sh
            case "$JUJU_DISPATCH_PATH" in
              hooks/data-storage-attached)
                location=$(storage-get location) || exit 1
                [ "$location" = "$JUJU_STORAGE_LOCATION" ] || exit 2
                echo "$JUJU_STORAGE_ID $JUJU_STORAGE_KIND $(storage-list data)" > "$location/attached"
                ;;
              hooks/install)
                location=$(storage-get -s data/0 location) || exit 1
                [ -f "$location/attached" ] || exit 3
                ;;
            esac
            exit 0
            """);

        using var sim = new Simulation(new SimulationOptions
        {
            Seed = 1,
            Policy = SchedulingPolicy.RoundRobin,
            UpdateStatusInterval = null,
            HookToolPath = ProgramPaths.FastHookToolDirectory,
            HookTimeout = TimeSpan.FromSeconds(60),
        });
        sim.Deploy("keeper", CharmSource.FromDirectory(directory));
        sim.RunUntilQuiescent(maxSteps: 20);

        var failed = sim.Trace.FirstOrDefault(t => t.Result != HookResult.Succeeded);
        Assert.True(failed is null, failed?.ErrorOutput);
        Assert.Equal(["data-storage-attached(data/0)", "install"], TestCharms.HooksOf(sim, "keeper/0").Take(2));
        var storage = Assert.Single(sim.Model.GetUnit("keeper/0").Storage);
        Assert.Equal("data/0 filesystem data/0\n", File.ReadAllText(Path.Combine(storage.Location, "attached")));
    }
}

using System.Text.Json;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.Microcluster;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.HookToolServer;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Scheduler;

/// <summary>
/// Storage in the simulator: a unit gets one instance of each storage its charm declares, with a location of its own;
/// <c>&lt;name&gt;-storage-attached</c> runs before <c>install</c> (juju/juju's uniter storage resolver runs the
/// storage-attached hooks first when install is queued) and <c>-storage-detaching</c> before <c>stop</c>; the hook gets
/// <c>JUJU_STORAGE_ID</c>/<c>_LOCATION</c>/<c>_KIND</c> (the uniter's HookVars), and <c>storage-list</c>/<c>storage-get</c>
/// answer as jujuc's storage-list.go and storage-get.go.
/// </summary>
public sealed class StorageTests
{
    private static readonly CharmMetadata WithStorage = new(
        [new EndpointSpec("db", EndpointRole.Requires, "test-db")],
        [new StorageSpec("data", StorageKind.Filesystem, "/srv/data"), new StorageSpec("dev", StorageKind.Block)]);

    [Fact]
    public void EachUnitGetsItsOwnInstancesAndStorageAttachedRunsBeforeInstall()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", CharmSource.InProcess(context => new StorageCharm(context), WithStorage), units: 2);
        sim.RunUntilQuiescent();

        Assert.Equal(["data-storage-attached(data/0)", "dev-storage-attached(dev/0)", "install"], TestCharms.HooksOf(sim, "app/0").Take(3));
        Assert.Equal(["data-storage-attached(data/1)", "dev-storage-attached(dev/1)", "install"], TestCharms.HooksOf(sim, "app/1").Take(3));
        var unit = sim.Model.GetUnit("app/1");
        Assert.Equal(["data/1", "dev/1"], unit.Storage.Select(s => s.Id));
        var data = unit.Storage[0];
        Assert.True(Directory.Exists(data.Location), data.Location);
        Assert.True(File.Exists(unit.Storage[1].Location), unit.Storage[1].Location);

        // The charm saw its storage in the attached hook, and reached it through Model.Storages at install.
        Assert.Equal("attached data/1 filesystem", File.ReadAllText(Path.Combine(data.Location, "attached")));
        Assert.Equal("install sees data/1", File.ReadAllText(Path.Combine(data.Location, "installed")));
        Assert.NotEqual(data.Location, sim.Model.GetUnit("app/0").Storage[0].Location);
    }

    [Fact]
    public void StorageDetachingRunsBeforeStopAndTheStorageLeavesTheUnit()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", CharmSource.InProcess(context => new StorageCharm(context), WithStorage), units: 2);
        sim.RunUntilQuiescent();
        var unit = sim.Model.GetUnit("app/1");
        sim.RemoveUnit("app/1");
        sim.RunUntilQuiescent();

        var hooks = TestCharms.HooksOf(sim, "app/1");
        var detaching = hooks.ToList().IndexOf("data-storage-detaching(data/1)");
        Assert.True(detaching >= 0, string.Join(", ", hooks));
        Assert.Equal(["data-storage-detaching(data/1)", "dev-storage-detaching(dev/1)", "stop", "remove"], hooks.Skip(detaching));
        Assert.Empty(unit.Storage);
    }

    [Fact]
    public void StorageListAndStorageGetAnswerAsJujucDoes()
    {
        using var sim = new Simulation(TestCharms.Quiet());
        sim.Deploy("app", CharmSource.InProcess(context => new StorageCharm(context), WithStorage));
        sim.RunUntilQuiescent();
        var unit = sim.Model.GetUnit("app/0");
        var hook = new HookInvocation("app/0", EventKey.StorageAttached("data"), Storage: "data/0");
        var context = new HookContext("t", sim.Model, unit, hook, sim.Clock, new WorkloadCli("microctl", sim.Microcluster));
        ToolResponse Call(string tool, params string[] args) => ToolHarness.CallIn(context, tool, null, args);

        Assert.Equal("data/0\ndev/0\n", Call("storage-list").StandardOutput);
        Assert.Equal(["dev/0"], JsonSerializer.Deserialize<string[]>(Call("storage-list", "--format=json", "dev").StandardOutput)!);
        Assert.Equal("[]\n", Call("storage-list", "--format=json", "logs").StandardOutput);

        // In a storage hook -s defaults to the hook's storage; a key prints one attribute.
        using var json = JsonDocument.Parse(Call("storage-get", "--format=json").StandardOutput);
        Assert.Equal(("filesystem", unit.Storage[0].Location), (json.RootElement.GetProperty("kind").GetString(), json.RootElement.GetProperty("location").GetString()));
        Assert.Equal(unit.Storage[1].Location + "\n", Call("storage-get", "-s", "dev/0", "location").StandardOutput);
        Assert.Equal("block\n", Call("storage-get", "-s", "dev/0", "kind").StandardOutput);

        var badKey = Call("storage-get", "size");
        Assert.Equal((1, "ERROR invalid storage attribute \"size\"\n"), (badKey.ExitCode, badKey.StandardError));
        var badId = Call("storage-get", "-s", "Data");
        Assert.Equal((2, "ERROR invalid value \"Data\" for option -s: invalid storage ID \"Data\"\n"), (badId.ExitCode, badId.StandardError));
        Assert.Equal(2, Call("storage-get", "-s", "data/7").ExitCode);

        // Outside a storage hook there is no default: "no storage instance specified".
        var plain = new HookContext("u", sim.Model, unit, new HookInvocation("app/0", EventKey.UpdateStatus), sim.Clock, new WorkloadCli("microctl", sim.Microcluster));
        var none = ToolHarness.CallIn(plain, "storage-get", null);
        Assert.Equal((2, "ERROR no storage instance specified\n"), (none.ExitCode, none.StandardError));

        // The in-process backend answers the same.
        var backend = new SimulatorBackend(plain);
        Assert.Equal(["data/0"], backend.StorageList("data"));
        Assert.Equal(new StorageDetails(StorageKind.Block, unit.Storage[1].Location), backend.StorageGet("dev/0"));
        var refused = Assert.ThrowsAny<HookToolException>(() => backend.StorageGet("data/7"));
        var printed = ToolHarness.CallIn(plain, "storage-get", null, "--format=json", "-s", "data/7");
        Assert.Equal((printed.ExitCode, printed.StandardError), (refused.ExitCode, refused.StandardError));
    }

    /// <summary>Writes what it sees of its storage into it, in the attached hook and at install.</summary>
    private sealed class StorageCharm : CharmBase
    {
        public StorageCharm(CharmContext context)
            : base(context)
        {
            Framework.Observe<StorageEvent>(EventKey.StorageAttached("data"), "storage.attached", e =>
                File.WriteAllText(Path.Combine(e.Storage.Location, "attached"), $"attached {e.Storage.Id} {e.Storage.Kind.ToString().ToLowerInvariant()}"));
            Framework.Observe<InstallEvent>(EventKey.Install, "storage.install", _ =>
            {
                var data = Assert.Single(Model.Storages["data"]);
                File.WriteAllText(Path.Combine(data.Location, "installed"), "install sees " + data.Id);
            });
        }
    }
}

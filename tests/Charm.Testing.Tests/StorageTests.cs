using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>
/// Storage against the in-memory agent: a state carries the attached instances, the storage hooks get Juju's
/// <c>JUJU_STORAGE_ID</c>/<c>_LOCATION</c>/<c>_KIND</c> (juju/juju's uniter HookVars), and <c>storage-list</c> and
/// <c>storage-get</c> answer from the state.
/// </summary>
public sealed class StorageTests
{
    private static readonly StorageState Data = new("data/0", "/srv/data");
    private static readonly StorageState Device = new("dev/3", "/dev/vdb", StorageKind.Block);

    [Fact]
    public void A_storage_attached_hook_carries_its_storage_and_the_model_lists_the_rest()
    {
        StorageEvent? seen = null;
        IReadOnlyList<Storage>? devices = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.StorageAttached("data"), "s", (StorageEvent e) =>
        {
            seen = e;
            devices = c.Model.Storages["dev"];
        })));

        var input = new State().WithStorage(Data).WithStorage(Device);
        var result = ctx.Run(Hook.StorageAttached(Data), input).EnsureSuccess();

        Assert.Equal(("data/0", "data", "/srv/data", StorageKind.Filesystem), (seen!.Storage.Id, seen.Storage.Name, seen.Storage.Location, seen.Storage.Kind));
        var device = Assert.Single(devices!);
        Assert.Equal(("dev/3", 3, "/dev/vdb", StorageKind.Block), (device.Id, device.Index, device.Location, device.Kind));
        Assert.Equal(["data-storage-attached"], result.EmittedEvents);
        Assert.Equal(input, result.Output);
    }

    [Fact]
    public void A_detaching_hook_is_dispatched_and_the_agent_answers_storage_list_and_get_from_the_state()
    {
        string? location = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.StorageDetaching("dev"), "s", (StorageEvent e) => location = e.Storage.Location)));

        Assert.True(ctx.Run(Hook.StorageDetaching(Device), new State().WithStorage(Device)).Succeeded);
        Assert.Equal("/dev/vdb", location);

        var backend = new InMemoryBackend("app/0", new State().WithStorage(Data).WithStorage(Device));
        Assert.Equal(["data/0", "dev/3"], backend.StorageList(null));
        Assert.Equal(["dev/3"], backend.StorageList("dev"));
        Assert.Equal(new StorageDetails(StorageKind.Block, "/dev/vdb"), backend.StorageGet("dev/3"));
        var missing = Assert.ThrowsAny<HookToolException>(() => backend.StorageGet("data/9"));
        Assert.Contains("storage \"data/9\" is not attached to app/0", missing.Message, StringComparison.Ordinal);
    }
}

using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// The storage tools as real processes on PATH, with ops 3.x's command lines (canonical/operator
/// <c>ops/hookcmds/_storage.py</c>: <c>storage-list --format=json [name]</c>, <c>storage-get --format=json -s &lt;id&gt;</c>),
/// the answers juju/juju's jujuc prints (<c>storage-list.go</c>: a list of ids; <c>storage-get.go</c>: <c>kind</c> and
/// <c>location</c>), and a storage hook's environment (the uniter's HookVars: <c>JUJU_STORAGE_ID</c>,
/// <c>JUJU_STORAGE_LOCATION</c>, <c>JUJU_STORAGE_KIND</c>).
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class StorageToolTests : IDisposable
{
    private static readonly CharmMetadata DataStorage = CharmMetadata.ParseYaml("""
        name: db
        storage:
          data:
            type: filesystem
            location: /srv/data
          cache:
            type: block
            multiple:
              range: 0-2
        """);

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    [Fact]
    public void StorageList_and_StorageGet_run_ops_command_lines()
    {
        _tools.AddTool("storage-list", """["data/0","data/3"]""");
        _tools.AddTool("storage-get", """{"kind":"filesystem","location":"/srv/data"}""");
        var backend = _tools.CreateBackend();

        Assert.Equal(["data/0", "data/3"], backend.StorageList("data"));
        Assert.Equal(["data/0", "data/3"], backend.StorageList(null));
        Assert.Equal(new StorageDetails(StorageKind.Filesystem, "/srv/data"), backend.StorageGet("data/3"));

        Assert.Equal([["--format=json", "data"], ["--format=json"]], _tools.Calls("storage-list"));
        Assert.Equal(["--format=json", "-s", "data/3"], _tools.SingleCall("storage-get"));
    }

    [Fact]
    public void StorageGet_reads_a_block_device_and_refuses_a_kind_juju_does_not_print()
    {
        _tools.AddTool("storage-get", """{"kind":"block","location":"/dev/vdb"}""");
        Assert.Equal(new StorageDetails(StorageKind.Block, "/dev/vdb"), _tools.CreateBackend().StorageGet("cache/1"));

        using var other = new FakeToolDirectory();
        other.AddTool("storage-get", """{"kind":"tape","location":"/dev/st0"}""");
        var e = Assert.ThrowsAny<HookToolException>(() => other.CreateBackend().StorageGet("cache/1"));
        Assert.Contains("\"kind\" is 'tape'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_Storages_lists_the_instances_of_a_declared_name_and_reads_their_location_on_use()
    {
        _tools.AddTool("storage-list", """["data/0"]""");
        _tools.AddTool("storage-get", """{"kind":"filesystem","location":"/srv/data"}""");
        string? location = null;
        Exception? undeclared = null;

        var outcome = Dispatcher.RunHook(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent e) =>
            {
                var data = Assert.Single(c.Model.Storages["data"]);
                Assert.Equal(("data/0", "data", 0), (data.Id, data.Name, data.Index));
                location = data.Location;
                undeclared = Record.Exception(() => c.Model.Storages["logs"]);
            })),
            Options("hooks/start", new Dictionary<string, string>()));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("/srv/data", location);
        Assert.IsType<KeyNotFoundException>(undeclared);
        Assert.Contains("declares data, cache", undeclared!.Message, StringComparison.Ordinal);
        Assert.Equal(["--format=json", "data"], _tools.SingleCall("storage-list"));
        Assert.Equal(["--format=json", "-s", "data/0"], _tools.SingleCall("storage-get"));
    }

    [Fact]
    public void A_storage_attached_hook_carries_the_storage_juju_names_without_running_a_tool()
    {
        StorageEvent? seen = null;
        var outcome = Dispatcher.RunHook(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.StorageAttached("data"), "s", (StorageEvent e) => seen = e)),
            Options("hooks/data-storage-attached", new Dictionary<string, string>
            {
                ["JUJU_STORAGE_ID"] = "data/1",
                ["JUJU_STORAGE_LOCATION"] = "/srv/data",
                ["JUJU_STORAGE_KIND"] = "filesystem",
            }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(("data/1", "data", 1, "/srv/data", StorageKind.Filesystem), (seen!.Storage.Id, seen.Storage.Name, seen.Storage.Index, seen.Storage.Location, seen.Storage.Kind));
        Assert.Equal(EventKey.StorageAttached("data"), seen.Key);
        Assert.IsType<StorageAttachedEvent>(seen);
        Assert.Empty(_tools.Calls("storage-get"));
        Assert.Throws<InvalidOperationException>(seen.Defer);
    }

    [Fact]
    public void A_storage_detaching_hook_without_a_location_reads_it_with_storage_get()
    {
        _tools.AddTool("storage-get", """{"kind":"block","location":"/dev/vdc"}""");
        string? location = null;
        var outcome = Dispatcher.RunHook(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.StorageDetaching("cache"), "s", (StorageDetachingEvent e) => location = e.Storage.Location)),
            Options("hooks/cache-storage-detaching", new Dictionary<string, string> { ["JUJU_STORAGE_ID"] = "cache/2" }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("/dev/vdc", location);
        Assert.Equal(["--format=json", "-s", "cache/2"], _tools.SingleCall("storage-get"));
    }

    [Theory]
    [InlineData("data-storage-attached", JujuEventKind.StorageAttached, "data")]
    [InlineData("pg-data-storage-detaching", JujuEventKind.StorageDetaching, "pg-data")]
    public void Storage_hook_names_map_to_storage_events_and_back(string hook, JujuEventKind kind, string storage)
    {
        var key = EventKey.FromHookName(hook);
        Assert.Equal(new EventKey(kind, storage), key);
        Assert.True(key.IsStorageEvent);
        Assert.Equal(hook, key.HookName);
    }

    [Fact]
    public void A_storage_hook_without_JUJU_STORAGE_ID_or_with_another_storages_id_is_a_clear_environment_error()
    {
        var missing = Record.Exception(() => JujuEnvironment.Parse(Env("hooks/data-storage-attached", null), "/charm"));
        Assert.Contains("JUJU_STORAGE_ID is not set", Assert.IsType<JujuEnvironmentException>(missing).Message, StringComparison.Ordinal);
        var other = Record.Exception(() => JujuEnvironment.Parse(Env("hooks/data-storage-attached", "logs/0"), "/charm"));
        Assert.Contains("is for storage 'data'", Assert.IsType<JujuEnvironmentException>(other).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_is_read_from_the_metadata_storage_section()
    {
        Assert.Equal(
            [new StorageSpec("data", StorageKind.Filesystem, "/srv/data"), new StorageSpec("cache", StorageKind.Block, null, Multiple: true)],
            DataStorage.Storages);
        var bad = Assert.Throws<FormatException>(() => CharmMetadata.ParseYaml("storage:\n  data:\n    type: tape\n"));
        Assert.Contains("storage 'data' needs 'type: filesystem' or 'type: block', not 'tape'", bad.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => CharmMetadata.ParseYaml("storage:\n  data: filesystem\n"));
    }

    private static Dictionary<string, string> Env(string dispatchPath, string? storageId)
    {
        var env = new Dictionary<string, string> { ["JUJU_DISPATCH_PATH"] = dispatchPath, ["JUJU_UNIT_NAME"] = "db/0" };
        if (storageId is not null)
        {
            env["JUJU_STORAGE_ID"] = storageId;
        }

        return env;
    }

    private DispatchOptions Options(string dispatchPath, Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string> { ["JUJU_DISPATCH_PATH"] = dispatchPath, ["JUJU_UNIT_NAME"] = "db/0" };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return new DispatchOptions
        {
            Environment = environment,
            Backend = _tools.CreateBackend(),
            StateStore = new InMemoryStateStore(),
            Metadata = DataStorage,
            Error = new StringWriter(),
            HostName = "h",
        };
    }
}

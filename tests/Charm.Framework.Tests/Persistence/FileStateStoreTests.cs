using System.Collections.Immutable;
using System.Text;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.State;
using Charm.Testing;

namespace Charm.Framework.Tests.Persistence;

public sealed class FileStateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charm-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StatePath => Path.Combine(_dir, FileStateStore.DefaultFileName);

    private static StateSnapshot Sample() => StateSnapshot.Empty with
    {
        Stored = StateSnapshot.Empty.Stored.Add("ns", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, StoredValue>
        {
            ["flag"] = true,
            ["name"] = "node-1",
            ["count"] = 42L,
            ["ratio"] = 1.0,
            ["list"] = new[] { "a", "b" },
        })),
        Deferred = [new DeferredNotice("obs", "cluster-relation-changed", "cluster:7", "dist", "dist/0"), new DeferredNotice("i", "install")],
    };

    [Fact]
    public void AMissingFileIsAnEmptyState()
        => Assert.Equal(StateSnapshot.Empty, new FileStateStore(StatePath).Load());

    [Fact]
    public void SaveThenLoadRoundTripsEveryValueKind()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        var loaded = new FileStateStore(StatePath).Load();

        Assert.Equal(Sample(), loaded);
        Assert.Equal(StoredValueKind.Float, loaded.Stored["ns"]["ratio"].Kind);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"charm-state\",\"version\":99}")]
    [InlineData("{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"k\":null}}}")]
    [InlineData("{\"format\":\"charm-state\",\"version\":1,\"deferred\":[{\"hook\":\"install\"}]}")]
    [InlineData("{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"k\":[1,2]}}}")]
    [InlineData("")]
    public void ACorruptFileIsAClearErrorAndIsKept(string content)
    {
        File.WriteAllText(StatePath, content);

        var error = Assert.Throws<StateFileException>(() => new FileStateStore(StatePath).Load());

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(StatePath));
    }

    [Fact]
    public void ADispatchOverACorruptFileExitsWithTheStateErrorAndKeepsTheFile()
    {
        File.WriteAllText(StatePath, "{garbage");
        var stderr = new StringWriter();
        var env = Hook.Install.ToEnvironment("app/0", _dir);

        var code = Dispatcher.Run(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "i", (InstallEvent _) => Assert.Fail("must not run"))),
            new DispatchOptions { Environment = env, Backend = new InMemoryBackend("app/0", new Testing.State()), Error = stderr, HostName = "h" });

        Assert.Equal(Dispatcher.ExitStateError, code);
        Assert.Contains("corrupt", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("{garbage", File.ReadAllText(StatePath));
    }

    [Fact]
    public void AFailingHookLeavesTheFileByteForByte()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        var before = File.ReadAllBytes(StatePath);
        var env = Hook.Install.ToEnvironment("app/0", _dir);

        var code = Dispatcher.Run(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "i", (InstallEvent _) =>
            {
                c.Framework.GetStoredState("ns").Set("flag", false);
                throw new InvalidOperationException("crash");
            })),
            new DispatchOptions { Environment = env, Backend = new InMemoryBackend("app/0", new Testing.State()), Error = new StringWriter(), HostName = "h" });

        Assert.Equal(Dispatcher.ExitHookFailed, code);
        Assert.Equal(before, File.ReadAllBytes(StatePath));
    }

    [Fact]
    public void TheFileIsReadableJson()
    {
        new FileStateStore(StatePath).Save(Sample());
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(StatePath));
        Assert.Contains("\"format\": \"charm-state\"", text, StringComparison.Ordinal);
        Assert.Contains("\"float\": 1", text, StringComparison.Ordinal);
    }
}

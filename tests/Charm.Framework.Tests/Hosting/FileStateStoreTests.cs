using System.Collections.Immutable;
using System.Text;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.State;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Hosting;

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

    // Issue 15, measured by benchmarks/hook-processes.sh: every hook saves its state, and a hook is a short-lived process.
    // On Linux the first use of System.Security.Cryptography (RandomNumberGenerator included) loads and initialises
    // OpenSSL, ~4 ms of CPU and ~220 page faults, so the framework every hook runs references none of it.
    [Fact]
    public void TheFrameworkReferencesNothingOfSystemSecurityCryptography()
    {
        using var stream = File.OpenRead(typeof(FileStateStore).Assembly.Location);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var references = metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(type => metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name))
            .ToArray();

        Assert.Contains("System.Text.Json.Utf8JsonWriter", references);
        Assert.DoesNotContain(references, name => name.StartsWith("System.Security.Cryptography.", StringComparison.Ordinal));
    }

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
        Assert.Contains("there is no last-good copy", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(StatePath));
        Assert.Equal([StatePath], Directory.GetFileSystemEntries(_dir));
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

    private string[] KeptCorruptFiles() => Directory.GetFiles(_dir, FileStateStore.DefaultFileName + FileStateStore.CorruptSuffix + "*");

    [Fact]
    public void EverySaveWritesTheSameBytesToTheLastGoodCopy()
    {
        var store = new FileStateStore(StatePath);
        Assert.Equal(StatePath + ".bak", store.LastGoodPath);

        store.Save(StateSnapshot.Empty);
        store.Save(Sample());

        Assert.Equal(File.ReadAllBytes(StatePath), File.ReadAllBytes(store.LastGoodPath));
        Assert.Equal(Sample(), new FileStateStore(store.LastGoodPath).Load());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"fl")]
    [InlineData("")]
    [InlineData("not json at all")]
    public void ACorruptFileWithAGoodCopyIsKeptAsideAndTheCopyIsRestoredWithAWarning(string content)
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        File.WriteAllText(StatePath, content);
        var warnings = new List<string>();

        var loaded = store.Load(warnings.Add);

        Assert.Equal(Sample(), loaded);
        var kept = Assert.Single(KeptCorruptFiles());
        Assert.Equal(content, File.ReadAllText(kept));
        Assert.Matches(@"\.corrupt-\d{8}T\d{9}Z$", kept);
        Assert.Equal(File.ReadAllBytes(store.LastGoodPath), File.ReadAllBytes(StatePath));
        var warning = Assert.Single(warnings);
        Assert.Contains(StatePath + " was corrupt", warning, StringComparison.Ordinal);
        Assert.Contains("kept as " + kept, warning, StringComparison.Ordinal);
        Assert.Contains("restored from its last-good copy " + store.LastGoodPath, warning, StringComparison.Ordinal);

        // The restored file is on disk: the next load needs no recovery, even if no hook saved in between.
        var again = new List<string>();
        Assert.Equal(Sample(), store.Load(again.Add));
        Assert.Empty(again);
        Assert.Single(KeptCorruptFiles());
    }

    [Fact]
    public void TwoRecoveriesKeepBothCorruptFiles()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        File.WriteAllText(StatePath, "{first");
        store.Load();
        File.WriteAllText(StatePath, "{second");
        store.Load();

        Assert.Equal(["{first", "{second"], KeptCorruptFiles().Select(File.ReadAllText).Order(StringComparer.Ordinal));
        Assert.Equal(Sample(), store.Load());
    }

    [Fact]
    public void ACorruptFileWithACorruptCopyIsAClearErrorAndBothAreKept()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        File.WriteAllText(StatePath, "{main");
        File.WriteAllText(store.LastGoodPath, "{copy");
        var warnings = new List<string>();

        var error = Assert.Throws<StateFileException>(() => store.Load(warnings.Add));

        Assert.Contains(StatePath + " is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains(store.LastGoodPath + " is corrupt too", error.Message, StringComparison.Ordinal);
        Assert.Contains("Both were left as they are", error.Message, StringComparison.Ordinal);
        Assert.Equal("{main", File.ReadAllText(StatePath));
        Assert.Equal("{copy", File.ReadAllText(store.LastGoodPath));
        Assert.Empty(KeptCorruptFiles());
        Assert.Empty(warnings);
    }

    [Fact]
    public void ACorruptFileWithAnUnreadableCopyIsAClearErrorAndIsKept()
    {
        var store = new FileStateStore(StatePath);
        File.WriteAllText(StatePath, "{main");
        Directory.CreateDirectory(store.LastGoodPath);

        var error = Assert.Throws<StateFileException>(() => store.Load());

        Assert.Contains("its last-good copy cannot be read either", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
        Assert.Equal("{main", File.ReadAllText(StatePath));
        Assert.Empty(KeptCorruptFiles());
    }

    [Fact]
    public void ADirectoryAtTheStatePathIsAClearErrorNotAnEmptyStateAndIsKept()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        var copy = File.ReadAllBytes(store.LastGoodPath);
        File.Delete(StatePath);
        Directory.CreateDirectory(StatePath);
        File.WriteAllText(Path.Combine(StatePath, "inside"), "x");

        var error = Assert.Throws<StateFileException>(() => store.Load());

        Assert.Equal(StatePath, error.Path);
        Assert.Contains(StatePath + " is a directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("Move it aside", error.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(Path.Combine(StatePath, "inside")));
        Assert.Equal(copy, File.ReadAllBytes(store.LastGoodPath));
        Assert.Empty(KeptCorruptFiles());
    }

    [Fact]
    public void AMissingDirectoryIsAnEmptyState()
        => Assert.Equal(StateSnapshot.Empty, new FileStateStore(Path.Combine(_dir, "gone", FileStateStore.DefaultFileName)).Load());

    [Fact]
    public void AMissingStateFileIsAnEmptyStateWhateverTheCopyHolds()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        File.Delete(StatePath);

        Assert.Equal(StateSnapshot.Empty, store.Load());
    }

    [Fact]
    public void ASaveWhoseStateFileCannotBeReplacedIsAClearErrorAndLeavesNoCopyAheadOfIt()
    {
        var store = new FileStateStore(Path.Combine(_dir, "state.json"));
        store.Save(Sample());
        File.Delete(store.Path);
        Directory.CreateDirectory(store.Path);
        File.WriteAllText(Path.Combine(store.Path, "inside"), "x");

        var error = Assert.Throws<StateFileException>(() => store.Save(StateSnapshot.Empty));

        Assert.Contains("Cannot save the unit state to " + store.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("The previous state was kept", error.Message, StringComparison.Ordinal);
        // The copy was renamed into place before the state file's rename failed: it would hold state that was never
        // saved, so it is removed rather than left to be restored later.
        Assert.False(File.Exists(store.LastGoodPath));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void ASaveWhoseCopyCannotBeWrittenCommitsNothing()
    {
        // Issue 17, finding 7: the copy used to be written after the state file's rename, so a failure there failed the
        // hook (Juju discards its relation-set) while the state file had already moved on.
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        var before = File.ReadAllBytes(StatePath);
        File.Delete(store.LastGoodPath);
        Directory.CreateDirectory(store.LastGoodPath);
        File.WriteAllText(Path.Combine(store.LastGoodPath, "inside"), "x");

        var error = Assert.Throws<StateFileException>(() => store.Save(StateSnapshot.Empty));

        Assert.Equal(StatePath, error.Path);
        Assert.Contains("The previous state was kept", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(StatePath));
        Assert.Equal(Sample(), new FileStateStore(StatePath).Load());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void TheStateFileItsCopyAndKeptAsideFilesAreReadableByTheUnitOnly()
    {
        var store = new FileStateStore(StatePath);
        File.WriteAllText(StatePath, "{}");
        File.SetUnixFileMode(StatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        store.Save(Sample());
        File.WriteAllText(StatePath, "{corrupt");
        _ = store.Load();

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(StatePath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(store.LastGoodPath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Assert.Single(KeptCorruptFiles())));
    }

    [Fact]
    public void ALinkPlantedAtTheOldPredictableTemporaryNameIsNeverWrittenThrough()
    {
        var victim = Path.Combine(_dir, "victim");
        File.WriteAllText(victim, "untouched");
        foreach (var name in new[] { FileStateStore.DefaultFileName, FileStateStore.DefaultFileName + FileStateStore.LastGoodSuffix })
        {
            File.CreateSymbolicLink(Path.Combine(_dir, "." + name + "." + Environment.ProcessId + ".tmp"), victim);
        }

        new FileStateStore(StatePath).Save(Sample());

        Assert.Equal("untouched", File.ReadAllText(victim));
        Assert.Equal(Sample(), new FileStateStore(StatePath).Load());
    }

    [Fact]
    public void CorruptCopiesAreBoundedInNumberAndTheNewestAreKept()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        for (var i = 0; i < FileStateStore.MaxCorruptCopies + 3; i++)
        {
            File.WriteAllText(StatePath, "{corrupt " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Sample(), store.Load());
        }

        var kept = KeptCorruptFiles().Select(File.ReadAllText).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(FileStateStore.MaxCorruptCopies, kept.Length);
        Assert.Equal(Enumerable.Range(3, FileStateStore.MaxCorruptCopies).Select(i => "{corrupt " + i), kept);
    }

    [Fact]
    public void ADispatchOverACorruptFileWithAGoodCopyRecoversWarnsAndKeepsTheStoredData()
    {
        var store = new FileStateStore(StatePath);
        store.Save(Sample());
        File.WriteAllText(StatePath, "{garbage");
        var stderr = new StringWriter();
        var backend = new InMemoryBackend("app/0", new Testing.State());
        var seen = new List<string?>();

        var code = Dispatcher.Run(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "read", (InstallEvent _) =>
                seen.Add(c.Framework.GetStoredState("ns").GetString("name")))),
            new DispatchOptions { Environment = Hook.Install.ToEnvironment("app/0", _dir), Backend = backend, Error = stderr, HostName = "h" });

        Assert.Equal(Dispatcher.ExitSuccess, code);
        Assert.Equal(["node-1"], seen);
        var kept = Assert.Single(KeptCorruptFiles());
        Assert.Equal("{garbage", File.ReadAllText(kept));
        Assert.Contains("warning: The unit state file " + StatePath + " was corrupt", stderr.ToString(), StringComparison.Ordinal);
        var logged = Assert.Single(backend.Logs, l => l.Message.Contains(" was corrupt", StringComparison.Ordinal));
        Assert.Equal(Framework.Model.LogLevel.Warning, logged.Level);
        Assert.Contains("kept as " + kept, logged.Message, StringComparison.Ordinal);
        Assert.Equal(Sample().Stored, store.Load().Stored);
    }

    [Fact]
    public void ADispatchOverACorruptFileAndCopyExitsWithTheStateErrorAndKeepsBoth()
    {
        var store = new FileStateStore(StatePath);
        File.WriteAllText(StatePath, "{garbage");
        File.WriteAllText(store.LastGoodPath, "{more garbage");
        var stderr = new StringWriter();

        var code = Dispatcher.Run(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.Install, "i", (InstallEvent _) => Assert.Fail("must not run"))),
            new DispatchOptions { Environment = Hook.Install.ToEnvironment("app/0", _dir), Backend = new InMemoryBackend("app/0", new Testing.State()), Error = stderr, HostName = "h" });

        Assert.Equal(Dispatcher.ExitStateError, code);
        Assert.Contains("is corrupt too", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("{garbage", File.ReadAllText(StatePath));
        Assert.Equal("{more garbage", File.ReadAllText(store.LastGoodPath));
        Assert.Empty(KeptCorruptFiles());
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

using System.Collections.Immutable;
using Charm.Framework.Hosting;
using Charm.Framework.State;
using Charm.Reliability.Tests.Fuzz;
using CsCheck;

namespace Charm.Reliability.Tests.StateFiles;

/// <summary>
/// A crash at any point of a save: the state file holds the old snapshot, the new one, or (had the write not been
/// atomic) any prefix of the new one. With the store's last-good copy beside it, every such file loads as the old or
/// the new snapshot (a corrupt one is restored from the copy and kept aside); without the copy, loading gives the old
/// or the new snapshot or raises <see cref="StateFileException"/> (and keeps the file), never anything else.
/// </summary>
public sealed class TruncatedStateFileTests : IDisposable
{
    /// <summary>Short hostile text, so that a file has a few hundred bytes and every prefix of it can be tried.</summary>
    private static readonly Gen<string> Short = Gen.Frequency(
        (3, Gen.Char.Array[0, 12].Select(chars => Hostile.Valid(new string(chars)))),
        (2, Gen.OneOf("in-cluster", "issued-tokens", "token-consumer/cluster", "workload-1=1767225600", "é", "日本", "🙂", "")));

    private static readonly Gen<StoredValue> Values = Gen.Frequency(
        (3, Short.Select(StoredValue.FromString)),
        (1, Gen.Bool.Select(StoredValue.FromBoolean)),
        (1, Gen.Long.Select(StoredValue.FromInt64)),
        (1, Gen.Double.Where(double.IsFinite).Select(StoredValue.FromDouble)),
        (2, Short.Array[0, 3].Select(list => StoredValue.FromStringList(list))));

    private static readonly Gen<StateSnapshot> Snapshots = Gen.Select(
        Gen.Select(Short, Gen.Select(Short, Values).Array[0, 4]).Array[0, 3],
        Gen.Select(Short, Short, Gen.Null(Short)).Array[0, 2],
        (namespaces, deferred) => new StateSnapshot(
            namespaces.GroupBy(n => n.Item1, StringComparer.Ordinal).ToImmutableSortedDictionary(
                g => g.Key,
                g => g.First().Item2.GroupBy(v => v.Item1, StringComparer.Ordinal).ToImmutableSortedDictionary(v => v.Key, v => v.First().Item2, StringComparer.Ordinal),
                StringComparer.Ordinal),
            [.. deferred.Select(d => new DeferredNotice(d.Item1, d.Item2, d.Item3))]));

    private readonly string _directory = Directory.CreateTempSubdirectory("state-truncation-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryPrefixOfASavedFileLoadsAsTheOldOrNewStateOrIsAStateFileException(bool withLastGoodCopy)
        => Gen.Select(Snapshots, Snapshots).Run(
            (old, next) =>
            {
                var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
                var store = new FileStateStore(path);
                store.Save(old);
                store.Save(next);
                var copy = path + FileStateStore.LastGoodSuffix;
                Assert.True(File.Exists(copy), "a save writes the last-good copy beside the state file");
                var copyBytes = File.ReadAllBytes(copy);
                if (!withLastGoodCopy)
                {
                    File.Delete(copy);
                }

                var bytes = File.ReadAllBytes(path);
                Assert.Equal(next, store.Load());
                var corruptions = 0;
                for (var length = 0; length <= bytes.Length; length++)
                {
                    var prefix = bytes.AsSpan(0, length).ToArray();
                    bool parses;
                    try
                    {
                        var parsed = StateCodec.Deserialize(prefix);
                        Assert.True(parsed.Equals(next) || parsed.Equals(old), $"a prefix of {length} of {bytes.Length} bytes parsed as another state");
                        parses = true;
                    }
                    catch (FormatException)
                    {
                        parses = false;
                    }

                    // Through the store and the disk for every 8th prefix and the last ones (a file write per prefix is slow).
                    if (length % 8 != 0 && length < bytes.Length - 2)
                    {
                        continue;
                    }

                    File.WriteAllBytes(path, prefix);
                    if (withLastGoodCopy)
                    {
                        // Recovered from the copy: the newest saved state, the main file rewritten, the corrupt bytes kept.
                        var loaded = store.Load();
                        Assert.True(loaded.Equals(next) || (parses && loaded.Equals(old)), $"a prefix of {length} of {bytes.Length} bytes loaded as another state");
                        if (!parses)
                        {
                            corruptions++;
                            Assert.Equal(next, loaded);
                            Assert.Equal(copyBytes, File.ReadAllBytes(path));
                            // Kept aside, at most MaxCorruptCopies of them (the oldest go first).
                            Assert.Equal(Math.Min(corruptions, FileStateStore.MaxCorruptCopies), Directory.GetFiles(_directory, Path.GetFileName(path) + FileStateStore.CorruptSuffix + "*").Length);
                        }

                        continue;
                    }

                    try
                    {
                        var loaded = store.Load();
                        Assert.True(parses, $"a prefix of {length} of {bytes.Length} bytes that does not parse loaded without an error");
                        Assert.True(loaded.Equals(next) || loaded.Equals(old), $"a prefix of {length} of {bytes.Length} bytes loaded as another state");
                    }
                    catch (StateFileException)
                    {
                        Assert.False(parses, $"a prefix of {length} of {bytes.Length} bytes that parses was refused");
                        Assert.Equal(prefix, File.ReadAllBytes(path));
                    }
                }

                foreach (var file in Directory.GetFiles(_directory, Path.GetFileName(path) + "*"))
                {
                    File.Delete(file);
                }
            },
            iter: 40,
            threads: 1);

    [Fact]
    public void ATruncatedTemporaryFileBesideTheStateIsIgnored()
        => Gen.Select(Snapshots, Snapshots, Gen.Int[0, int.MaxValue]).Run(
            (old, next, cut) =>
            {
                // The save writes a temporary file beside the state, then renames it: a crash before the rename leaves the old file.
                var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
                var store = new FileStateStore(path);
                store.Save(old);
                var bytes = StateCodec.Serialize(next);
                var temp = Path.Combine(_directory, "." + Path.GetFileName(path) + "." + Environment.ProcessId + ".tmp");
                File.WriteAllBytes(temp, bytes.AsSpan(0, cut % (bytes.Length + 1)).ToArray());

                Assert.Equal(old, store.Load());

                store.Save(next);
                Assert.Equal(next, store.Load());
                Assert.False(File.Exists(temp));
                File.Delete(path);
            },
            iter: 40,
            threads: 1);
}

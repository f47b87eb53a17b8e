using System.Collections.Immutable;
using System.Text;
using Charm.Framework.Hosting;
using Charm.Framework.State;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>The state file parser on hostile bytes: only <see cref="FormatException"/> may come out.</summary>
public sealed class StateCodecFuzzTests
{
    /// <summary>
    /// A stored value of any kind, strings hostile but valid UTF-16: a lone surrogate cannot be written as JSON text (the
    /// writer replaces it with U+FFFD), so it is the one thing a snapshot cannot keep.
    /// </summary>
    internal static readonly Gen<StoredValue> Values = Gen.Frequency(
        (3, Hostile.ValidText.Select(StoredValue.FromString)),
        (1, Gen.Bool.Select(StoredValue.FromBoolean)),
        (1, Gen.Long.Select(StoredValue.FromInt64)),
        (1, Gen.Double.Where(double.IsFinite).Select(StoredValue.FromDouble)),
        (2, Hostile.ValidText.Array[0, 5].Select(list => StoredValue.FromStringList(list))),
        (2, Gen.Select(Hostile.ValidText, Hostile.ValidText).Array[0, 5].Select(entries => StoredValue.FromStringMap(
            entries.DistinctBy(e => e.Item1, StringComparer.Ordinal).Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2))))));

    /// <summary>A snapshot: a few namespaces of hostile keys and values, and a few deferred notices.</summary>
    internal static readonly Gen<StateSnapshot> Snapshots = Gen.Select(
        Gen.Select(Hostile.ValidText, Gen.Select(Hostile.ValidText, Values).Array[0, 6]).Array[0, 4],
        Gen.Select(Hostile.ValidText, Hostile.ValidText, Gen.Null(Hostile.ValidText), Gen.Null(Hostile.ValidText)).Array[0, 4],
        (namespaces, deferred) =>
        {
            var stored = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, StoredValue>>(StringComparer.Ordinal);
            foreach (var (ns, values) in namespaces)
            {
                var builder = ImmutableSortedDictionary.CreateBuilder<string, StoredValue>(StringComparer.Ordinal);
                foreach (var (key, value) in values)
                {
                    builder[key] = value;
                }

                stored[ns] = builder.ToImmutable();
            }

            return new StateSnapshot(stored.ToImmutable(), [.. deferred.Select(d => new DeferredNotice(d.Item1, d.Item2, d.Item3, d.Item4))]);
        });

    private static readonly string[] Envelopes =
    [
        "{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{\"k\":§}},\"deferred\":[]}",
        "{\"format\":\"charm-state\",\"version\":§,\"stored\":{},\"deferred\":[]}",
        "{\"format\":§,\"version\":1}",
        "{\"format\":\"charm-state\",\"version\":1,\"stored\":§}",
        "{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":§}}",
        "{\"format\":\"charm-state\",\"version\":1,\"deferred\":§}",
        "{\"format\":\"charm-state\",\"version\":1,\"deferred\":[{\"observer\":§,\"hook\":\"install\"}]}",
        "{\"format\":\"charm-state\",\"version\":1,\"deferred\":[{\"observer\":\"o\",\"hook\":\"install\",\"relation-id\":§}]}",
        "{\"format\":\"charm-state\",\"version\":1,\"stored\":{§:{}}}",
        "{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"ns\":{§:true}}}",
    ];

    private static readonly string[] JsonValues =
    [
        "1", "-1", "1.5", "1e400", "-1e400", "99999999999999999999", "\"1\"", "\"x\"", "true", "null", "[]", "[1]", "[\"a\",1]",
        "{}", "{\"map\":{}}", "{\"map\":{\"a\":1}}", "{\"map\":{\"a\":null}}", "{\"map\":{\"a\":\"1\",\"a\":\"2\"}}",
        "{\"map\":[]}", "{\"map\":null}", "{\"map\":{\"a\":{\"map\":{}}}}", "{\"map\":{\"\\ud800\":\"x\"}}", "{\"float\":\"x\"}", "{\"float\":null}", "{\"float\":1e400}", "{\"float\":[1]}", "{\"float\":{}}", "{\"other\":1}",
        "\"\\ud800\"", "\"\\udc00x\"", "\"a\\u0000b\"", "[\"\\ud800\"]", "\"\\uD83D\\uDE42\"", "{\"a\":\"\\ud800\"}",
        new string('[', 200) + new string(']', 200),
    ];

    /// <summary>A state file with the right envelope and a hostile JSON value in one place, or a hostile key.</summary>
    private static readonly Gen<byte[]> Shaped = Gen.Select(Gen.OneOf(Envelopes), Gen.Frequency(
        (3, Gen.OneOf(JsonValues)),
        (1, Hostile.Text.Select(t => "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""))),
        (envelope, value) => Encoding.UTF8.GetBytes(envelope.Replace("§", value, StringComparison.Ordinal)));

    /// <summary>A valid file with one edit: bytes replaced, removed, inserted or duplicated.</summary>
    private static readonly Gen<byte[]> Mutated = Gen.Select(Snapshots, Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 8], Hostile.Bytes,
        (snapshot, kind, at, length, noise) =>
        {
            var bytes = StateCodec.Serialize(snapshot).ToList();
            var i = bytes.Count == 0 ? 0 : at % bytes.Count;
            var n = Math.Min(length, bytes.Count - i);
            switch (kind)
            {
                case 0:
                    for (var j = 0; j < n && j < noise.Length; j++)
                    {
                        bytes[i + j] = noise[j];
                    }

                    break;
                case 1:
                    bytes.RemoveRange(i, n);
                    break;
                case 2:
                    bytes.InsertRange(i, noise);
                    break;
                default:
                    bytes.InsertRange(i, bytes.GetRange(i, n));
                    break;
            }

            return bytes.ToArray();
        });

    [Fact]
    public void RandomBytesAreAStateOrAFormatException()
        => Hostile.Bytes.Run(bytes => ReadsOrFormatException(bytes), iter: 20_000);

    [Fact]
    public void HostileValuesInAValidEnvelopeAreAStateOrAFormatException()
        => Shaped.Run(bytes => ReadsOrFormatException(bytes), iter: 5_000, print: bytes => Encoding.UTF8.GetString(bytes));

    [Fact]
    public void MutatedValidFilesAreAStateOrAFormatException()
        => Mutated.Run(bytes => ReadsOrFormatException(bytes), iter: 10_000, print: bytes => Encoding.UTF8.GetString(bytes));

    [Fact]
    public void EverySnapshotReadsBackAsSaved()
        => Snapshots.Run(snapshot => Assert.Equal(snapshot, StateCodec.Deserialize(StateCodec.Serialize(snapshot))), iter: 5_000);

    internal static void ReadsOrFormatException(byte[] bytes)
    {
        try
        {
            _ = StateCodec.Deserialize(bytes);
        }
        catch (FormatException)
        {
        }
    }
}

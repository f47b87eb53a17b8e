using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsCheck;

namespace Charm.Reliability.Tests;

/// <summary>
/// Deterministic property runs over CsCheck generators. The test command runs the same cases on every run of a commit:
/// case <c>i</c> of a property is generated from a PCG whose stream and seed are derived from the committed
/// <see cref="CommittedRunSeed"/>, the property's name (file and method) and <c>i</c>, never from the clock. Cases run in
/// parallel when asked, and the failure reported is always the one of the lowest case index, so a failing commit fails
/// the same way every time.
/// <para>
/// Opt-ins, all by environment variable (docs/reliability.md, "Exploring new seeds"):
/// <list type="bullet">
/// <item><see cref="RunSeedVariable"/> (<c>PROPERTY_RUN_SEED</c>): a run seed instead of the committed one: other cases,
/// the same ones for the same value. <c>tests/explore-seeds.sh</c> draws a fresh one per round and prints it.</item>
/// <item><see cref="CaseSeedVariable"/> (<c>CsCheck_Seed</c>): replays the one case a failure named (its case seed), alone.</item>
/// <item><see cref="ShrinkVariable"/> (<c>PROPERTY_SHRINK</c>): after a failure, CsCheck searches from the failing case
/// for a smaller one (random, so for exploration only) and its report is added to the failure.</item>
/// </list>
/// </para>
/// </summary>
internal static class Cases
{
    /// <summary>The run seed the test command uses. Changing it changes every property's cases: a new commit, new cases.</summary>
    public const ulong CommittedRunSeed = 0x7D15_7B1B_2026_1202;

    public const string RunSeedVariable = "PROPERTY_RUN_SEED";

    public const string CaseSeedVariable = "CsCheck_Seed";

    public const string ShrinkVariable = "PROPERTY_SHRINK";

    /// <summary>The run seed in effect: <see cref="RunSeedVariable"/> (decimal or <c>0x</c> hex) or the committed one.</summary>
    public static ulong RunSeed { get; } = ReadRunSeed();

    /// <summary>
    /// Runs <paramref name="iter"/> cases of <paramref name="gen"/> through <paramref name="assert"/> (on up to
    /// <paramref name="threads"/> threads, 0: one per processor); throws <see cref="PropertyFailedException"/> for the failing case with the
    /// lowest index, naming its case seed and its input (<paramref name="print"/>).
    /// </summary>
    public static void Run<T>(this Gen<T> gen, Action<T> assert, long iter, int threads = 0, Func<T, string>? print = null, [CallerMemberName] string member = "", [CallerFilePath] string file = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iter);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var name = PropertyName(member, file);
        print ??= value => value?.ToString() ?? "null";
        if (Environment.GetEnvironmentVariable(CaseSeedVariable) is { Length: > 0 } replay)
        {
            RunOne(gen, assert, print, name, replay, index: -1, iter);
            return;
        }

        var failures = new ConcurrentDictionary<long, PropertyFailedException>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
        Parallel.For(0, iter, options, (index, loop) =>
        {
            try
            {
                RunOne(gen, assert, print, name, CaseSeed(name, index), index, iter);
            }
            catch (PropertyFailedException failure)
            {
                failures[index] = failure;

                // Break, not Stop: every case with a lower index still runs, so the lowest failing index is the same on
                // every run whatever the threads did.
                loop.Break();
            }
        });

        if (!failures.IsEmpty)
        {
            var first = failures[failures.Keys.Min()];
            throw Environment.GetEnvironmentVariable(ShrinkVariable) is { Length: > 0 } ? Shrunk(gen, assert, print, first, threads) : first;
        }
    }

    /// <summary>Runs <paramref name="iter"/> cases of a generator of pairs, the pair's parts given to <paramref name="assert"/>.</summary>
    public static void Run<T1, T2>(this Gen<(T1, T2)> gen, Action<T1, T2> assert, long iter, int threads = 0, Func<(T1, T2), string>? print = null, [CallerMemberName] string member = "", [CallerFilePath] string file = "")
        => gen.Run(t => assert(t.Item1, t.Item2), iter, threads, print, member, file);

    /// <summary>Runs <paramref name="iter"/> cases of a generator of triples.</summary>
    public static void Run<T1, T2, T3>(this Gen<(T1, T2, T3)> gen, Action<T1, T2, T3> assert, long iter, int threads = 0, Func<(T1, T2, T3), string>? print = null, [CallerMemberName] string member = "", [CallerFilePath] string file = "")
        => gen.Run(t => assert(t.Item1, t.Item2, t.Item3), iter, threads, print, member, file);

    /// <summary>Runs <paramref name="iter"/> cases of a generator of quadruples.</summary>
    public static void Run<T1, T2, T3, T4>(this Gen<(T1, T2, T3, T4)> gen, Action<T1, T2, T3, T4> assert, long iter, int threads = 0, Func<(T1, T2, T3, T4), string>? print = null, [CallerMemberName] string member = "", [CallerFilePath] string file = "")
        => gen.Run(t => assert(t.Item1, t.Item2, t.Item3, t.Item4), iter, threads, print, member, file);

    /// <summary>Runs <paramref name="iter"/> cases of a generator of six-tuples.</summary>
    public static void Run<T1, T2, T3, T4, T5, T6>(this Gen<(T1, T2, T3, T4, T5, T6)> gen, Action<T1, T2, T3, T4, T5, T6> assert, long iter, int threads = 0, Func<(T1, T2, T3, T4, T5, T6), string>? print = null, [CallerMemberName] string member = "", [CallerFilePath] string file = "")
        => gen.Run(t => assert(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6), iter, threads, print, member, file);

    /// <summary>The value <paramref name="gen"/> makes from a case seed (as a failure printed it, or a committed one).</summary>
    public static T Generate<T>(this Gen<T> gen, string caseSeed) => gen.Generate(PCG.Parse(caseSeed), null, out _);

    /// <summary>The case seed of case <paramref name="index"/> of the property <paramref name="name"/> under <see cref="RunSeed"/>.</summary>
    public static string CaseSeed(string name, long index)
    {
        var key = Mix(RunSeed ^ Fnv1a(name));
        var state = Mix(key + (ulong)index);
        var stream = (uint)(Mix(state ^ 0x9E37_79B9_7F4A_7C15) >> 33);
        return new PCG(stream, state).ToString();
    }

    /// <summary>A property's name: its source file's name (the path is mapped away in CI builds) and its method.</summary>
    public static string PropertyName(string member, string file)
    {
        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        var type = Path.GetFileNameWithoutExtension(file[(slash + 1)..]);
        return type + "." + member;
    }

    private static void RunOne<T>(Gen<T> gen, Action<T> assert, Func<T, string> print, string name, string caseSeed, long index, long iter)
    {
        T value;
        try
        {
            value = gen.Generate(PCG.Parse(caseSeed), null, out _);
        }
        catch (Exception error)
        {
            throw new PropertyFailedException(Describe(name, caseSeed, index, iter, "(the generator itself threw)"), caseSeed, error);
        }

        try
        {
            assert(value);
        }
        catch (Exception error)
        {
            throw new PropertyFailedException(Describe(name, caseSeed, index, iter, print(value)), caseSeed, error);
        }
    }

    private static string Describe(string name, string caseSeed, long index, long iter, string input)
    {
        var text = new StringBuilder().Append(name).Append(": ");
        text.Append(index < 0
            ? string.Create(CultureInfo.InvariantCulture, $"the replayed case {caseSeed} failed")
            : string.Create(CultureInfo.InvariantCulture, $"case {index + 1:N0} of {iter:N0} failed (run seed 0x{RunSeed:X16}{(RunSeed == CommittedRunSeed ? ", the committed one" : "")})"));
        text.Append(".\nReplay it alone: ").Append(CaseSeedVariable).Append('=').Append(caseSeed)
            .Append(" dotnet test tests/Charm.Reliability.Tests -c Release --filter \"FullyQualifiedName~").Append(name[(name.IndexOf('.') + 1)..]).Append('"');
        text.Append("\nInput:\n").Append(input);
        return text.ToString();
    }

    private static PropertyFailedException Shrunk<T>(Gen<T> gen, Action<T> assert, Func<T, string> print, PropertyFailedException first, int threads)
    {
        try
        {
#pragma warning disable RS0030 // CsCheck's random search, on purpose: shrinking is exploration, never part of the test command's verdict.
            gen.Sample(assert, seed: first.CaseSeed, iter: 10_000, threads: threads == 0 ? -1 : threads, print: print);
#pragma warning restore RS0030
        }
        catch (Exception shrunk)
        {
            return new PropertyFailedException(first.Message + "\n\nCsCheck's shrink from that case:\n" + shrunk.Message, first.CaseSeed, first.InnerException);
        }

        return first;
    }

    private static ulong ReadRunSeed()
    {
        var text = Environment.GetEnvironmentVariable(RunSeedVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return CommittedRunSeed;
        }

        text = text.Trim();
        var parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : (ulong?)null
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
        return parsed ?? throw new InvalidOperationException($"{RunSeedVariable}='{text}' is not a run seed: give a decimal or 0x-prefixed hexadecimal 64-bit number, or unset it to run the committed cases");
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF2_9CE4_8422_2325UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x0000_0100_0000_01B3UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser: every input bit moves every output bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>A property's case failed; the message names the case seed that replays it (<see cref="CaseSeed"/>) and the input.</summary>
internal sealed class PropertyFailedException(string message, string caseSeed, Exception? inner) : Exception(message, inner)
{
    /// <summary>The case seed: <c>CsCheck_Seed=</c> it replays the case.</summary>
    public string CaseSeed { get; } = caseSeed;
}

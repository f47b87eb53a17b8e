using System.Text;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>Generators of hostile input: any UTF-16 (lone surrogates, controls), unicode, huge, empty, protocol words.</summary>
internal static class Hostile
{
    private static readonly string[] Specials =
    [
        "", " ", "\t", "\n", "\0", "-", "-rf", "--help", "=", "a=b", "a b", "mirror", "mirror-", "mirror-x", "mirror-mirror-",
        "up", "down", "empty", "joined", "hostname", "bootstrap-app", "cluster-bootstrapped-by", "token-distributor-extensions",
        "consumed-tokens", "consumed-tokens,other", "null", "true", "{}", "[]", "\"", "\\", "é", "日本語", "🙂", "\uD800", "\uDC00x",
        "\u202Eevil", "workload-0", "workload/0", "ONLINE", "voter", "PENDING", "eyJzZWNyZXQiOiJ4In0=",
        "bootstrap-grant", "consumed-tokens,bootstrap-grant", "cluster-bootstrap-unit", "cluster-token-fingerprints",
        "cluster-member", "renounced-tokens", "yes", "{\"workload-0\":[\"0123456789abcdef\"]}", "{\"workload-0\":7}", "0123456789abcdef,",
    ];

    /// <summary>Any string: CsCheck's strings, arbitrary UTF-16 (lone surrogates included), specials, and now and then a huge one.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String),
        (3, Gen.Char.Array[0, 24].Select(chars => new string(chars))),
        (4, Gen.OneOf(Specials)),
        (2, Gen.Select(Gen.OneOf(Specials), Gen.String, (a, b) => a + b)),
        (1, Gen.Select(Gen.Int[1_000, 40_000], Gen.Char['a', 'z'], (n, c) => new string(c, n))));

    /// <summary>A databag key: mostly <c>mirror-</c> keys and protocol keys, otherwise anything.</summary>
    public static readonly Gen<string> Key = Gen.Frequency(
        (3, Text.Select(t => "mirror-" + t)),
        (2, Gen.OneOf("mirror", "hostname", "token-distributor-extensions", "bootstrap-app", "cluster-bootstrapped-by",
            "cluster-bootstrap-unit", "cluster-token-fingerprints", "cluster-member", "renounced-tokens")),
        (2, Text));

    /// <summary>A databag value: protocol words, tokens-looking strings, or anything.</summary>
    public static readonly Gen<string> Value = Gen.Frequency(
        (3, Gen.OneOf("up", "down", "empty", "joined", "consumed-tokens", "workload", "workload-1", "workload-2",
            "consumed-tokens,bootstrap-grant", "workload/0", "distributor/0", "yes", "{\"workload-0\":[\"0123456789abcdef\"]}", "{")),
        (3, Text));

    /// <summary>A databag: 0–12 hostile entries.</summary>
    public static readonly Gen<Dictionary<string, string>> Bag =
        Gen.Select(Key, Value).Array[0, 12].Select(pairs =>
        {
            var bag = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in pairs)
            {
                bag[k] = v;
            }

            return bag;
        });

    /// <summary>
    /// A databag as Juju can hand it over: hostile, but valid UTF-16 (relation data reaches a charm as JSON that Juju
    /// writes from UTF-8 text, so it never holds a lone surrogate).
    /// </summary>
    public static readonly Gen<Dictionary<string, string>> ValidBag =
        Bag.Select(bag => bag.GroupBy(p => Valid(p.Key), StringComparer.Ordinal).ToDictionary(g => g.Key, g => Valid(g.First().Value), StringComparer.Ordinal));

    /// <summary>Random bytes, and bytes of a hostile string (UTF-8, possibly with replacement characters).</summary>
    public static readonly Gen<byte[]> Bytes = Gen.Frequency(
        (2, Gen.Byte.Array[0, 300]),
        (1, Text.Select(t => Encoding.UTF8.GetBytes(t))));

    /// <summary>
    /// <paramref name="text"/> as valid UTF-16 (lone surrogates become U+FFFD): what a real process's output decodes to,
    /// and all that JSON can carry.
    /// </summary>
    public static string Valid(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>Hostile text that is valid UTF-16.</summary>
    public static readonly Gen<string> ValidText = Text.Select(Valid);

    /// <summary>Shortens a value for an assertion message.</summary>
    public static string Show(string? text) => text is null ? "null" : text.Length <= 120 ? text : text[..120] + $"… ({text.Length} chars)";
}

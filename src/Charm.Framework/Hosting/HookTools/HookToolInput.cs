using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Charm.Framework.Hosting.HookTools;

/// <summary>Writes what hook tools read from standard input (<c>--file -</c>): a JSON object of strings.</summary>
internal static partial class HookToolInput
{
    /// <summary>
    /// A JSON object of <paramref name="values"/>, keys in ordinal order so the same values always give the same text.
    /// Empty values are written as <c>""</c> (which tells Juju to delete the key). Juju reads it as YAML with go-yaml,
    /// which refuses the JSON escape of a UTF-16 surrogate pair, so characters outside the Basic Multilingual Plane
    /// (an emoji) are written as raw UTF-8 instead of <c>\uD83D\uDE00</c>.
    /// </summary>
    internal static string StringMap(IReadOnlyDictionary<string, string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var key in values.Keys.Order(StringComparer.Ordinal))
            {
                // A null value cannot be declared, but would otherwise be written as JSON null; "" means the same to Juju.
                writer.WriteString(key, values[key] ?? "");
            }

            writer.WriteEndObject();
        }

        return SurrogatePair().Replace(Encoding.UTF8.GetString(buffer.WrittenSpan), m => m.Groups[1].Value + char.ConvertFromUtf32(
            char.ConvertToUtf32(
                (char)int.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                (char)int.Parse(m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
    }

    // An escaped pair, not preceded by an escaped backslash's second half (an even run of backslashes is text).
    [GeneratedRegex(@"(?<!\\)((?:\\\\)*)\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex SurrogatePair();
}

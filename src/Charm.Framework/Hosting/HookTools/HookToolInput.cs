using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Charm.Framework.Hosting.HookTools;

/// <summary>Writes what hook tools read from standard input (<c>--file -</c>): a JSON object of strings.</summary>
internal static class HookToolInput
{
    /// <summary>
    /// A JSON object of <paramref name="values"/>, keys in ordinal order so the same values always give the same text.
    /// Empty values are written as <c>""</c> (which tells Juju to delete the key).
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

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

using System.Text;
using System.Text.Json;

namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// The JSON records the distributor keeps in its application databag: <see cref="WireKeys.HostUnitsKey"/> (host → unit)
/// and <see cref="WireKeys.TokenFingerprintsKey"/> (host → fingerprints). Written with <see cref="Utf8JsonWriter"/>, keys
/// in ordinal order, read with <see cref="JsonDocument"/>: a value of any other shape is unreadable, never an exception.
/// </summary>
internal static class RecordCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private delegate bool TryReadMember<T>(JsonElement element, out T value);

    /// <summary>Reads a host → unit record; <see langword="null"/> is an empty one.</summary>
    public static bool TryReadHostUnits(string? text, out Dictionary<string, string> record) => TryReadObject(text, TryReadString, out record);

    /// <summary>The text of a host → unit record; <see langword="null"/> (delete the key) when it is empty.</summary>
    public static string? WriteHostUnits(Dictionary<string, string> record)
        => record.Count == 0 ? null : WriteObject(record, static (writer, key, value) => writer.WriteString(key, value));

    /// <summary>Reads a host → fingerprints record; <see langword="null"/> is an empty one.</summary>
    public static bool TryReadFingerprints(string? text, out Dictionary<string, string[]> record) => TryReadObject(text, TryReadStrings, out record);

    /// <summary>The text of a host → fingerprints record; <see langword="null"/> (delete the key) when it is empty.</summary>
    public static string? WriteFingerprints(Dictionary<string, string[]> record)
        => record.Count == 0 ? null : WriteObject(record, WriteStrings);

    /// <summary>Whether <paramref name="text"/> can be a key of a record: valid UTF-16 (no lone surrogate), so valid UTF-8 in JSON.</summary>
    public static bool CanWrite(string text)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A JSON object whose every member <paramref name="readValue"/> accepts; <see langword="null"/> is an empty one.</summary>
    private static bool TryReadObject<T>(string? text, TryReadMember<T> readValue, out Dictionary<string, T> map)
    {
        map = new Dictionary<string, T>(StringComparer.Ordinal);
        if (text is null)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!readValue(property.Value, out var value))
                {
                    return false;
                }

                map[property.Name] = value;
            }

            return true;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escaping a lone surrogate, which GetString cannot give as .NET text.
            return false;
        }
    }

    private static bool TryReadString(JsonElement element, out string value)
    {
        value = element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return element.ValueKind == JsonValueKind.String;
    }

    private static bool TryReadStrings(JsonElement element, out string[] value)
    {
        var ok = element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(f => f.ValueKind == JsonValueKind.String);
        value = ok ? [.. element.EnumerateArray().Select(f => f.GetString()!)] : [];
        return ok;
    }

    /// <summary>A JSON object of <paramref name="map"/>, keys in ordinal order; <paramref name="writeMember"/> writes one member.</summary>
    private static string WriteObject<T>(Dictionary<string, T> map, Action<Utf8JsonWriter, string, T> writeMember)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writeMember(writer, key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStrings(Utf8JsonWriter writer, string key, string[] values)
    {
        writer.WriteStartArray(key);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

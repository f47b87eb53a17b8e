using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Charm.Testing;

/// <summary>Writes a test's action parameters as the JSON object <c>action-get --format=json</c> prints.</summary>
internal static class ActionParameterJson
{
    internal static JsonElement ToJson(IReadOnlyDictionary<string, object?> parameters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, parameters, "");
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, object? value, string path)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte or uint or ushort or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case float or double or decimal:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item, path + key + ".");
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, path);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"The action parameter '{path.TrimEnd('.')}' is a {value.GetType().Name}; give strings, numbers, booleans, lists or maps of them, as JSON has.", nameof(value));
        }
    }
}

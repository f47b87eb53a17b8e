using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Charm.Framework.State;

namespace Charm.Framework.Hosting;

/// <summary>
/// The state file format: a JSON object <c>{"format":"charm-state","version":1,"stored":{…},"deferred":[…]}</c>.
/// Stored values are JSON strings, booleans, integers and string arrays; floats are written as <c>{"float":1.5}</c>
/// so that they read back as floats, and maps of strings as <c>{"map":{"key":"value"}}</c>. Written with <see cref="Utf8JsonWriter"/>, read with <see cref="JsonDocument"/>:
/// no reflection.
/// </summary>
public static class StateCodec
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "charm-state";

    /// <summary>The current version.</summary>
    public const int Version = 1;

    /// <summary>Serialises a snapshot.</summary>
    public static byte[] Serialize(StateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteStartObject("stored");
            foreach (var (ns, values) in snapshot.Stored)
            {
                w.WriteStartObject(ns);
                foreach (var (key, value) in values)
                {
                    w.WritePropertyName(key);
                    WriteValue(w, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("deferred");
            foreach (var n in snapshot.Deferred)
            {
                w.WriteStartObject();
                w.WriteString("observer", n.ObserverId);
                w.WriteString("hook", n.HookName);
                WriteOptional(w, "relation-id", n.RelationId);
                WriteOptional(w, "remote-app", n.RemoteApp);
                WriteOptional(w, "remote-unit", n.RemoteUnit);
                WriteOptional(w, "departing-unit", n.DepartingUnit);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a snapshot.</summary>
    /// <exception cref="FormatException">The bytes are not a state file of a version this code reads; the message says where.</exception>
    public static StateSnapshot Deserialize(ReadOnlySpan<byte> utf8)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})", e);
        }

        using (doc)
        {
            try
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"the top level is a JSON {root.ValueKind}, not an object");
                }

                if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                {
                    throw new FormatException($"the 'format' field is missing or is not \"{FormatName}\"");
                }

                if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != Version)
                {
                    throw new FormatException($"the 'version' field is missing or is not {Version} (a newer charm revision may have written it)");
                }

                var stored = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, StoredValue>>(StringComparer.Ordinal);
                if (root.TryGetProperty("stored", out var storedEl))
                {
                    Expect(storedEl, JsonValueKind.Object, "stored");
                    foreach (var ns in storedEl.EnumerateObject())
                    {
                        Expect(ns.Value, JsonValueKind.Object, $"stored.{ns.Name}");
                        var values = ImmutableSortedDictionary.CreateBuilder<string, StoredValue>(StringComparer.Ordinal);
                        foreach (var p in ns.Value.EnumerateObject())
                        {
                            values[p.Name] = ReadValue(p.Value, $"stored.{ns.Name}.{p.Name}");
                        }

                        stored[ns.Name] = values.ToImmutable();
                    }
                }

                var deferred = ImmutableArray.CreateBuilder<DeferredNotice>();
                if (root.TryGetProperty("deferred", out var deferredEl))
                {
                    Expect(deferredEl, JsonValueKind.Array, "deferred");
                    var i = 0;
                    foreach (var n in deferredEl.EnumerateArray())
                    {
                        var where = $"deferred[{i++}]";
                        Expect(n, JsonValueKind.Object, where);
                        deferred.Add(new DeferredNotice(
                            RequiredString(n, "observer", where),
                            RequiredString(n, "hook", where),
                            OptionalString(n, "relation-id", where),
                            OptionalString(n, "remote-app", where),
                            OptionalString(n, "remote-unit", where),
                            OptionalString(n, "departing-unit", where)));
                    }
                }

                return new StateSnapshot(stored.ToImmutable(), deferred.ToImmutable());
            }
            catch (InvalidOperationException e)
            {
                // A string that is not valid UTF-8, or an escaped lone surrogate, cannot be read as text.
                throw new FormatException($"it holds text that cannot be read ({e.Message})", e);
            }
        }
    }

    /// <summary>Parses a snapshot from text.</summary>
    public static StateSnapshot Deserialize(string json) => Deserialize(Encoding.UTF8.GetBytes(json));

    private static void WriteValue(Utf8JsonWriter w, StoredValue value)
    {
        switch (value.Kind)
        {
            case StoredValueKind.String:
                w.WriteStringValue(value.AsString());
                break;
            case StoredValueKind.Boolean:
                w.WriteBooleanValue(value.AsBoolean());
                break;
            case StoredValueKind.Integer:
                w.WriteNumberValue(value.AsInt64());
                break;
            case StoredValueKind.Float:
                w.WriteStartObject();
                w.WriteNumber("float", value.AsDouble());
                w.WriteEndObject();
                break;
            case StoredValueKind.StringList:
                w.WriteStartArray();
                foreach (var s in value.AsStringList())
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
                break;
            case StoredValueKind.StringMap:
                w.WriteStartObject();
                w.WriteStartObject("map");
                foreach (var (key, item) in value.AsStringMap())
                {
                    w.WriteString(key, item);
                }

                w.WriteEndObject();
                w.WriteEndObject();
                break;
        }
    }

    private static StoredValue ReadValue(JsonElement e, string where)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return StoredValue.FromString(e.GetString()!);
            case JsonValueKind.True:
                return StoredValue.FromBoolean(true);
            case JsonValueKind.False:
                return StoredValue.FromBoolean(false);
            case JsonValueKind.Number when e.TryGetInt64(out var l):
                return StoredValue.FromInt64(l);
            case JsonValueKind.Object when e.TryGetProperty("float", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetDouble(out var d):
                return StoredValue.FromDouble(d);
            case JsonValueKind.Object when e.TryGetProperty("map", out var m) && m.ValueKind == JsonValueKind.Object:
                return ReadMap(m, where);
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw new FormatException($"{where}: lists hold strings only, found a {item.ValueKind}");
                    }

                    list.Add(item.GetString()!);
                }

                return StoredValue.FromStringList(list);
            default:
                throw new FormatException($"{where}: a {e.ValueKind} is not a stored value (string, boolean, integer, {{\"float\":n}}, string list or {{\"map\":{{…}}}})");
        }
    }

    private static StoredValue ReadMap(JsonElement map, string where)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"{where}.map.{entry.Name}: maps hold strings only, found a {entry.Value.ValueKind}");
            }

            if (!entries.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new FormatException($"{where}.map: the key '{entry.Name}' occurs twice");
            }
        }

        return StoredValue.FromStringMap(entries);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Expect(JsonElement e, JsonValueKind kind, string where)
    {
        if (e.ValueKind != kind)
        {
            throw new FormatException($"{where} is a JSON {e.ValueKind}, expected {kind}");
        }
    }

    private static string RequiredString(JsonElement e, string name, string where)
        => OptionalString(e, name, where) ?? throw new FormatException($"{where}.{name} is missing");

    private static string? OptionalString(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return p.ValueKind == JsonValueKind.String ? p.GetString() : throw new FormatException($"{where}.{name} is a {p.ValueKind}, expected a string");
    }
}

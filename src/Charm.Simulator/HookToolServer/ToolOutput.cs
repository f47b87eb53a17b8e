using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Charm.Simulator.Backends;

namespace Charm.Simulator.HookToolServer;

/// <summary>
/// Prints a hook tool's answer in the format asked for with <c>--format</c>: <c>json</c>, <c>yaml</c>, or Juju's default
/// <c>smart</c> (a string as is, a list of strings one per line, a boolean as <c>True</c>/<c>False</c>, anything else as
/// YAML). Values are strings, booleans, integers, floats, <see langword="null"/>, lists of strings and string-keyed maps of
/// these.
/// </summary>
internal static class ToolOutput
{
    public const string Smart = "smart";
    public const string Json = "json";
    public const string Yaml = "yaml";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Checks a <c>--format</c> value.</summary>
    /// <exception cref="HookToolError">It is not one Juju knows (usage error).</exception>
    public static string CheckFormat(string? format) => format switch
    {
        null => Smart,
        Smart or Json or Yaml => format,
        _ => throw HookToolError.Usage($"invalid value \"{format}\" for option --format: unknown format \"{format}\""),
    };

    public static string Format(object? value, string format) => format switch
    {
        Json => FormatJson(value) + "\n",
        Yaml => value is null ? "" : FormatYaml(value),
        _ => FormatSmart(value),
    };

    private static string FormatSmart(object? value) => value switch
    {
        null => "",
        string s => s.Length == 0 ? "" : s + "\n",
        bool b => b ? "True\n" : "False\n",
        IReadOnlyList<string> list => list.Count == 0 ? "" : string.Join('\n', list) + "\n",
        long or int or double => Scalar(value) + "\n",
        _ => FormatYaml(value),
    };

    private static string FormatJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJson(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value)
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
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case IReadOnlyList<string> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyList<object?> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"{value.GetType().Name} is not a value a hook tool prints.", nameof(value));
        }
    }

    private static string FormatYaml(object value)
    {
        var text = new StringBuilder();
        WriteYaml(text, value, 0);
        return text.ToString();
    }

    private static void WriteYaml(StringBuilder text, object? value, int indent)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case IReadOnlyList<string> list:
                if (list.Count == 0)
                {
                    text.Append(pad).Append("[]\n");
                }

                foreach (var item in list)
                {
                    text.Append(pad).Append("- ").Append(YamlScalar(item)).Append('\n');
                }

                break;
            case IReadOnlyList<object?> items:
                if (items.Count == 0)
                {
                    text.Append(pad).Append("[]\n");
                }

                foreach (var item in items)
                {
                    if (IsScalar(item))
                    {
                        text.Append(pad).Append("- ").Append(YamlScalar(item)).Append('\n');
                    }
                    else
                    {
                        text.Append(pad).Append("-\n");
                        WriteYaml(text, item, indent + 2);
                    }
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                var any = false;
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    any = true;
                    text.Append(pad).Append(YamlScalar(key)).Append(':');
                    if (IsScalar(item))
                    {
                        text.Append(' ').Append(YamlScalar(item)).Append('\n');
                    }
                    else
                    {
                        text.Append('\n');
                        WriteYaml(text, item, indent + 2);
                    }
                }

                if (!any)
                {
                    text.Append(pad).Append("{}\n");
                }

                break;
            default:
                text.Append(pad).Append(YamlScalar(value)).Append('\n');
                break;
        }
    }

    private static bool IsScalar(object? value) => value is null or string or bool or long or int or double;

    private static string YamlScalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => NeedsQuotes(s) ? FormatJson(s) : s,
        _ => Scalar(value),
    };

    private static string Scalar(object value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Whether a string must be quoted to read back as the same string in YAML.</summary>
    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim() || "-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal))
        {
            return true;
        }

        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')
            || s.Any(c => char.IsControl(c)))
        {
            return true;
        }

        var lower = s.ToLowerInvariant();
        if (lower is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~")
        {
            return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}

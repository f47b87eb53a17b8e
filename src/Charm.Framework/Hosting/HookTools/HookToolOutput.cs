using System.Collections.ObjectModel;
using System.Text.Json;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Framework.Hosting.HookTools;

/// <summary>
/// The standard output of a hook tool that succeeded, and the readers for the JSON shapes the tools print. Every reader
/// throws a <see cref="HookToolException"/> naming the tool and the command line when the output is not what was
/// expected, with a bounded prefix of the output, or, for a tool whose output is data that may hold secrets (databags,
/// unit state, config: <see cref="HookToolOutputText.MayHoldSecrets"/>), only its shape: never a value, since the message goes to standard
/// error and <c>juju-log</c>.
/// </summary>
internal sealed partial class HookToolOutput
{
    /// <summary>The limits every JSON read of a tool's output has.</summary>
    internal static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    private readonly string _tool;
    private readonly ProcessSpec _spec;
    private readonly ProcessResult _result;

    internal HookToolOutput(string tool, ProcessSpec spec, ProcessResult result)
    {
        _tool = tool;
        _spec = spec;
        _result = result;
    }

    /// <summary>A JSON array of strings; <c>null</c> or no output at all is an empty list.</summary>
    internal ReadOnlyCollection<string> StringArray()
    {
        const string expected = "a JSON array of strings";
        using var document = Parse(expected, allowEmpty: true);
        if (document is null || document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return ReadOnlyCollection<string>.Empty;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw Unexpected(expected);
        }

        var items = new List<string>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw Unexpected(expected);
            }

            items.Add(item.GetString()!);
        }

        return items.AsReadOnly();
    }

    /// <summary>A JSON string, or <c>null</c> (no output at all also reads as <see langword="null"/>); an empty string is <see langword="null"/> too.</summary>
    internal string? NullableString()
    {
        const string expected = "a JSON string or null";
        using var document = Parse(expected, allowEmpty: true);
        if (document is null || document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.String)
        {
            throw Unexpected(expected);
        }

        var text = document.RootElement.GetString()!;
        return text.Length == 0 ? null : text;
    }

    /// <summary>JSON <c>true</c> or <c>false</c>; anything else is an error.</summary>
    internal bool Boolean()
    {
        const string expected = "JSON true or false";
        using var document = Parse(expected, allowEmpty: false)!;
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Unexpected(expected),
        };
    }

    /// <summary>A JSON object of string values; <c>null</c> or no output is empty, and keys whose value is <c>null</c> are skipped.</summary>
    internal ReadOnlyDictionary<string, string> StringMap()
    {
        const string expected = "a JSON object of string values";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = Parse(expected, allowEmpty: true);
        if (document is null || document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return values.AsReadOnly();
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected);
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    values[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw Unexpected(expected, $"the value of '{property.Name}' is {HookToolOutputText.Describe(property.Value.ValueKind)}");
            }
        }

        return values.AsReadOnly();
    }

    /// <summary>
    /// A JSON object of config values: strings, booleans, integers and floats (an integral number reads as an integer);
    /// <c>null</c> values (options without a default) are skipped; <c>null</c> or no output is empty.
    /// </summary>
    internal ReadOnlyDictionary<string, ConfigValue> ConfigMap()
    {
        const string expected = "a JSON object of config values (strings, booleans, integers, floats)";
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        using var document = Parse(expected, allowEmpty: true);
        if (document is null || document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return values.AsReadOnly();
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected);
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    values[property.Name] = ConfigValue.FromString(value.GetString()!);
                    break;
                case JsonValueKind.True:
                    values[property.Name] = ConfigValue.FromBoolean(true);
                    break;
                case JsonValueKind.False:
                    values[property.Name] = ConfigValue.FromBoolean(false);
                    break;
                case JsonValueKind.Number when value.TryGetInt64(out var integer):
                    values[property.Name] = ConfigValue.FromInt64(integer);
                    break;
                case JsonValueKind.Number when value.TryGetDouble(out var real) && double.IsFinite(real):
                    values[property.Name] = ConfigValue.FromDouble(real);
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw Unexpected(expected, $"the value of '{property.Name}' is {HookToolOutputText.Describe(value.ValueKind)}");
            }
        }

        return values.AsReadOnly();
    }

    /// <summary>
    /// The object <c>status-get --include-data</c> prints: <c>{"status": …, "message": …, "status-data": …}</c> for a unit;
    /// for an application Juju nests it as <c>{"application-status": {"status": …, "message": …, …}, …}</c>, which is read too.
    /// </summary>
    internal Status Status()
    {
        const string expected = "a JSON object with \"status\" and \"message\"";
        using var document = Parse(expected, allowEmpty: false)!;
        var element = document.RootElement;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected);
        }

        if (element.TryGetProperty("application-status", out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            element = nested;
        }

        if (!element.TryGetProperty("status", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw Unexpected(expected, "there is no string \"status\"");
        }

        var message = "";
        if (element.TryGetProperty("message", out var text))
        {
            message = text.ValueKind switch
            {
                JsonValueKind.String => text.GetString()!,
                JsonValueKind.Null => "",
                _ => throw Unexpected(expected, $"\"message\" is {HookToolOutputText.Describe(text.ValueKind)}"),
            };
        }

        return new Status(Model.Status.ParseJujuName(name.GetString()), message);
    }

    /// <summary>The output as a JSON element (a detached copy), or <see langword="null"/> for no output at all when <paramref name="allowEmpty"/>.</summary>
    internal JsonElement? Json(string expected, bool allowEmpty)
    {
        using var document = Parse(expected, allowEmpty);
        return document?.RootElement.Clone();
    }

    /// <summary>The error for output that is not what the tool should print.</summary>
    internal HookToolException Unexpected(string expected, string? detail = null)
    {
        var why = detail is null ? "" : $" ({detail})";
        var output = HookToolOutputText.MayHoldSecrets(_tool) ? HookToolOutputText.DescribeShape(_tool, _result.StandardOutput) : HookToolOutputText.Quote(_result.StandardOutput);
        return new HookToolException(
            _tool,
            $"{_tool} printed output that is not {expected}{why}; command: {_spec}; output: {output}",
            _result.ExitCode,
            _result.StandardError);
    }

    private JsonDocument? Parse(string expected, bool allowEmpty)
    {
        var text = _result.StandardOutput;
        if (string.IsNullOrWhiteSpace(text))
        {
            return allowEmpty ? null : throw Unexpected(expected, "it printed nothing");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            // Not e.Message, nor e as the inner exception: the parser quotes the whole offending token, however long.
            var where = e.LineNumber is { } line && e.BytePositionInLine is { } position
                ? $" at line {line + 1}, byte {position + 1}"
                : "";
            throw Unexpected(expected, "not valid JSON" + where);
        }

        // JSON may escape a lone surrogate ("\ud800"), which no .NET string can hold: reading it later would throw
        // InvalidOperationException from deep inside a caller. Check every string once, here.
        if (!AllStringsReadable(document.RootElement))
        {
            document.Dispose();
            throw Unexpected(expected, "it holds a string that is not valid Unicode");
        }

        return document;
    }

    private static bool AllStringsReadable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!AllStringsReadable(item))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!AllStringsReadable(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

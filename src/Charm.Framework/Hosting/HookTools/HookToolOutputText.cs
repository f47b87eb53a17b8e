using System.Text.Json;

namespace Charm.Framework.Hosting.HookTools;

/// <summary>
/// What an error about a hook tool's output may show of it: a bounded quote, or, for a tool whose output is charm data
/// that may hold secrets (databags, unit state, config), only its shape, never a value, since the message goes to
/// standard error and <c>juju-log</c>.
/// </summary>
internal static class HookToolOutputText
{
    /// <summary>How much of an unexpected output an error message quotes.</summary>
    internal const int QuotedPrefixLength = 200;

    /// <summary>How many key names the shape of a secret-bearing JSON object lists, and how much of each.</summary>
    private const int DescribedKeyCount = 8;

    private const int DescribedKeyLength = 64;

    /// <summary>
    /// Whether <paramref name="tool"/> prints charm data that may hold secrets (e.g. a join token in a databag), so that
    /// an error about its output must describe the output's shape and never quote it.
    /// </summary>
    internal static bool MayHoldSecrets(string tool) => tool is "relation-get" or "state-get" or "config-get" or "secret-get" or "action-get";

    /// <summary>
    /// Describes <paramref name="text"/> without any of its values: its length and JSON kind, and for an object its
    /// number of keys and the first few key names (bounded). For the output of a tool that <see cref="MayHoldSecrets"/>.
    /// </summary>
    internal static string DescribeShape(string tool, string text)
    {
        if (text.Length == 0)
        {
            return "(nothing)";
        }

        var notShown = $"values not shown, since {tool} output may hold secrets";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, HookToolOutput.Options);
        }
        catch (JsonException)
        {
            return $"{text.Length} characters that are not valid JSON ({notShown})";
        }

        using (document)
        {
            var root = document.RootElement;
            var shape = root.ValueKind switch
            {
                JsonValueKind.Object => DescribeObject(root),
                JsonValueKind.Array => $"a JSON array of {root.GetArrayLength()} items",
                JsonValueKind.String => "a JSON string",
                _ => Describe(root.ValueKind),
            };
            return $"{shape}, {text.Length} characters in all ({notShown})";
        }
    }

    private static string DescribeObject(JsonElement element)
    {
        var names = new List<string>();
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            count++;
            if (names.Count == DescribedKeyCount)
            {
                continue;
            }

            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                name = "(a name that is not valid Unicode)";
                names.Add(name);
                continue;
            }

            names.Add(name.Length <= DescribedKeyLength ? "'" + name + "'" : "'" + Cut(name, DescribedKeyLength) + "…'");
        }

        if (count == 0)
        {
            return "an empty JSON object";
        }

        var more = count > names.Count ? ", …" : "";
        return $"a JSON object of {count} key{(count == 1 ? "" : "s")} ({string.Join(", ", names)}{more})";
    }

    /// <summary>Quotes at most <see cref="QuotedPrefixLength"/> characters of <paramref name="text"/>, saying how long it was when cut.</summary>
    internal static string Quote(string text)
    {
        if (text.Length == 0)
        {
            return "(nothing)";
        }

        if (text.Length <= QuotedPrefixLength)
        {
            return "'" + text + "'";
        }

        return $"'{Cut(text, QuotedPrefixLength)}…' ({text.Length} characters in all)";
    }

    /// <summary>The first <paramref name="max"/> characters of <paramref name="text"/>, one fewer rather than half a surrogate pair.</summary>
    private static string Cut(string text, int max) => text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };
}

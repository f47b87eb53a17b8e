using System.Text.Json;

namespace Charm.Framework.Hosting;

/// <summary>The action tools, with ops 3.x's command lines (<c>ops/hookcmds/_action.py</c>).</summary>
public sealed partial class HookToolBackend
{
    /// <inheritdoc />
    public JsonElement ActionGet()
    {
        const string expected = "a JSON object of action parameters";
        var output = Run("action-get", null, "--format=json");
        var root = output.Json(expected, allowEmpty: true);
        if (root is null || root.Value.ValueKind == JsonValueKind.Null)
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }

        return root.Value.ValueKind == JsonValueKind.Object ? root.Value : throw output.Unexpected(expected);
    }

    /// <inheritdoc />
    public void ActionSet(IReadOnlyDictionary<string, string> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _ = Run("action-set", null, results.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value).ToArray());
    }

    /// <inheritdoc />
    public void ActionFail(string? message)
        => _ = message is null ? Run("action-fail", null) : Run("action-fail", null, "--", message);

    /// <inheritdoc />
    public void ActionLog(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _ = Run("action-log", null, "--", message);
    }
}

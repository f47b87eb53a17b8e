using System.Globalization;
using System.Text.Json;

namespace Charm.Framework.Events;

/// <summary>
/// An action's parameters as <c>action-get --format=json</c> gives them: a JSON object, read by key. A dotted key
/// (<c>a.b</c>) reads into nested objects, as <c>action-get a.b</c> does.
/// </summary>
public sealed class ActionParameters
{
    private readonly string _action;

    internal ActionParameters(string action, JsonElement values)
    {
        _action = action;
        Values = values.ValueKind == JsonValueKind.Object ? values : JsonDocument.Parse("{}").RootElement.Clone();
    }

    /// <summary>The whole object.</summary>
    public JsonElement Values { get; }

    /// <summary>The top-level parameter names.</summary>
    public IReadOnlyList<string> Keys => Values.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>Whether <paramref name="key"/> is given (and not <c>null</c>).</summary>
    public bool Contains(string key) => TryGet(key, out _);

    /// <summary>The raw value of <paramref name="key"/>, if given.</summary>
    public bool TryGet(string key, out JsonElement value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        value = Values;
        foreach (var part in key.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
            {
                return false;
            }
        }

        return value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>A string parameter, or <paramref name="defaultValue"/> when it is not given.</summary>
    /// <exception cref="ModelException">The parameter is not a string.</exception>
    public string? GetString(string key, string? defaultValue = null)
        => !TryGet(key, out var v) ? defaultValue : v.ValueKind == JsonValueKind.String ? v.GetString() : throw WrongType(key, v, "a string");

    /// <summary>An integer parameter, or <paramref name="defaultValue"/> when it is not given.</summary>
    /// <exception cref="ModelException">The parameter is not an integer.</exception>
    public long GetInt64(string key, long defaultValue = 0)
        => !TryGet(key, out var v) ? defaultValue : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw WrongType(key, v, "an integer");

    /// <summary>A number parameter, or <paramref name="defaultValue"/> when it is not given.</summary>
    /// <exception cref="ModelException">The parameter is not a number.</exception>
    public double GetDouble(string key, double defaultValue = 0)
        => !TryGet(key, out var v) ? defaultValue : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw WrongType(key, v, "a number");

    /// <summary>A boolean parameter, or <paramref name="defaultValue"/> when it is not given.</summary>
    /// <exception cref="ModelException">The parameter is not a boolean.</exception>
    public bool GetBoolean(string key, bool defaultValue = false)
        => !TryGet(key, out var v) ? defaultValue : v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(key, v, "a boolean"),
        };

    /// <summary>A required string parameter.</summary>
    /// <exception cref="ModelException">It is not given, or not a string.</exception>
    public string GetRequiredString(string key)
        => GetString(key) ?? throw new ModelException(
            $"Action '{_action}' needs the parameter '{key}', which was not given (given: {(Keys.Count == 0 ? "none" : string.Join(", ", Keys))}); "
            + $"run it as 'juju run <unit> {_action} {key}=<value>', or declare a default for it in the charm's actions.");

    private ModelException WrongType(string key, JsonElement value, string expected)
        => new($"Action '{_action}' parameter '{key}' is a JSON {value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}, not {expected}; check its type in the charm's actions.");
}

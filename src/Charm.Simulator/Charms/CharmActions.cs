using System.Text.RegularExpressions;

namespace Charm.Simulator.Charms;

/// <summary>
/// The actions a charm declares in its <c>actions.yaml</c>, read as Juju reads them (its charm package's
/// <c>ReadActionsYaml</c>): names of lower-case letters, digits and hyphens; each action's <c>params</c> become the
/// properties of a JSON schema that, unless the action says otherwise, allows no other parameter.
/// <see cref="Validate"/> checks a run's parameters against that schema (declared types, <c>required</c>,
/// <c>additionalProperties</c>), as <c>juju run</c> does before queuing the action.
/// </summary>
public sealed partial class CharmActions
{
    private readonly Dictionary<string, Dictionary<string, object?>> _actions;

    private CharmActions(Dictionary<string, Dictionary<string, object?>> actions) => _actions = actions;

    /// <summary>A charm without actions.</summary>
    public static CharmActions None { get; } = new(new(StringComparer.Ordinal));

    /// <summary>The action names.</summary>
    public IReadOnlyCollection<string> Names => _actions.Keys;

    /// <summary>Reads <c>actions.yaml</c>'s text.</summary>
    /// <exception cref="FormatException">Juju would refuse the file; the message is Juju's reason.</exception>
    public static CharmActions Parse(string yaml)
    {
        var root = GoYaml.Parse(yaml, "actions.yaml");
        var actions = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        if (root is null)
        {
            return new CharmActions(actions);
        }

        if (root is not Dictionary<string, object?> document)
        {
            throw new FormatException("actions.yaml: not a map of action names to actions");
        }

        foreach (var (name, body) in document)
        {
            if (!ActionName().IsMatch(name))
            {
                throw new FormatException($"bad action name {name}");
            }

            var spec = body as Dictionary<string, object?> ?? [];
            if (spec.GetValueOrDefault("params") is { } p and not Dictionary<string, object?>)
            {
                throw new FormatException($"params failed to parse as a map (action {name}: {GoYaml.Show(p)})");
            }

            actions[name] = spec;
        }

        return new CharmActions(actions);
    }

    /// <summary>Checks that <paramref name="action"/> is declared and its parameters fit its schema.</summary>
    /// <exception cref="ArgumentException">It is not declared, or a parameter does not fit, with Juju's message.</exception>
    public void Validate(string unit, string action, IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!_actions.TryGetValue(action, out var spec))
        {
            throw new ArgumentException($"action \"{action}\" not defined on unit \"{unit}\" (its charm declares {(_actions.Count == 0 ? "no actions" : string.Join(", ", _actions.Keys.Order(StringComparer.Ordinal)))})", nameof(action));
        }

        var properties = spec.GetValueOrDefault("params") as Dictionary<string, object?> ?? [];
        var errors = new List<string>();
        foreach (var required in (spec.GetValueOrDefault("required") as List<object?> ?? []).OfType<string>().Where(r => !parameters.ContainsKey(r)))
        {
            errors.Add($"(root) : {required} is required");
        }

        var closed = spec.GetValueOrDefault("additionalProperties") is not true;
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!properties.TryGetValue(name, out var property))
            {
                if (closed)
                {
                    errors.Add($"(root) : Additional property {name} is not allowed");
                }

                continue;
            }

            if ((property as Dictionary<string, object?>)?.GetValueOrDefault("type") is string type && !Fits(type, value))
            {
                errors.Add($"(root).{name} : must be of type {type}, given {GoYaml.Show(value)}");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("validation failed: " + string.Join("; ", errors), nameof(parameters));
        }
    }

    private static bool Fits(string type, object? value) => type switch
    {
        "string" => value is string,
        "integer" => value is long or int || (value is double d && d == Math.Floor(d)),
        "number" => value is long or int or double,
        "boolean" => value is bool,
        "array" => value is System.Collections.IList,
        "object" => value is System.Collections.IDictionary or IReadOnlyDictionary<string, object?>,
        "null" => value is null,
        _ => true,
    };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ActionName();
}

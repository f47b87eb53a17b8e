using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft.Validation;

/// <summary>
/// <c>actions</c> as Juju reads actions.yaml (internal/charm/actions.go): a name matches
/// <c>^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$</c> and is not <c>juju</c>/<c>juju-*</c> (nor, for charmcraft, a Python keyword);
/// <c>description</c> and <c>title</c> are strings, <c>required</c> a list, <c>parallel</c> a boolean,
/// <c>execution-group</c> a string and <c>params</c> a mapping of JSON schemas; no schema uses <c>$ref</c> or
/// <c>$schema</c>, and the whole is a valid JSON Schema (draft 4).
/// </summary>
internal static class ActionRules
{
    private const string Code = CharmcraftCodes.Actions;

    private static readonly Regex ActionName = new("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant);

    // The Python keywords that match Juju's action-name pattern: charmcraft refuses them as action names.
    private static readonly string[] PythonKeywords =
    {
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield",
    };

    private static readonly string[] JsonTypes = { "array", "boolean", "integer", "null", "number", "object", "string" };

    public static List<CharmAction> Read(YamlNode? actions, string? charmName, Diagnostics diagnostics)
    {
        var result = new List<CharmAction>();
        if (diagnostics.Map(Code, actions, "actions", "actions: {snapshot: {description: Take a snapshot.}}") is not { } map)
        {
            return result;
        }

        foreach (var entry in map.Entries)
        {
            if (Read(entry.Key, entry.Value, charmName, diagnostics) is { } action)
            {
                result.Add(action);
            }
        }

        return result;
    }

    private static CharmAction? Read(YamlScalar name, YamlNode value, string? charmName, Diagnostics diagnostics)
    {
        var key = "actions." + name.Text;
        var ok = true;
        if (!ActionName.IsMatch(name.Text))
        {
            diagnostics.Report(Code, name, $"'{name.Text}' is not a valid action name for Juju (lower-case letters, digits and '-', starting and ending with a letter or digit); rename it, e.g. '{Suggest(name.Text)}'.");
            ok = false;
        }
        else if (charmName?.StartsWith("juju-", StringComparison.Ordinal) != true && (name.Text == "juju" || name.Text.StartsWith("juju-", StringComparison.Ordinal)))
        {
            diagnostics.Report(Code, name, $"'{name.Text}': Juju reserves the action name 'juju' and the 'juju-' prefix; rename the action.");
            ok = false;
        }
        else if (PythonKeywords.Contains(name.Text, StringComparer.Ordinal))
        {
            diagnostics.Report(Code, name, $"'{name.Text}' is a Python keyword, which charmcraft refuses as an action name; rename the action.");
            ok = false;
        }

        if (value is YamlScalar { Kind: YamlScalarKind.Null })
        {
            return ok ? new CharmAction(name.Text, null, null) : null;
        }

        if (value is not YamlMap map)
        {
            diagnostics.Report(Code, value, $"'{key}' must be a mapping, e.g. {name.Text}: {{description: ..., params: {{...}}}}.");
            return null;
        }

        string? description = null;
        YamlMap? parameters = null;
        foreach (var entry in map.Entries)
        {
            var field = key + "." + entry.Key.Text;
            switch (entry.Key.Text)
            {
                case "description":
                    description = diagnostics.String(Code, entry.Value, field);
                    ok &= description is not null;
                    break;
                case "title" or "execution-group":
                    ok &= diagnostics.String(Code, entry.Value, field) is not null;
                    break;
                case "parallel":
                    if (entry.Value is not YamlScalar { Kind: YamlScalarKind.Bool })
                    {
                        diagnostics.Report(Code, entry.Value, $"'{field}' must be true or false.");
                        ok = false;
                    }

                    break;
                case "required":
                    ok &= CheckRequired(entry.Value, field, parameters ?? map["params"] as YamlMap, diagnostics);
                    break;
                case "params":
                    if (entry.Value is not YamlMap p)
                    {
                        diagnostics.Report(Code, entry.Value, $"'{field}' must be a mapping of parameter names to JSON schemas, e.g. params: {{filename: {{type: string}}}} (Juju: \"params failed to parse as a map\").");
                        ok = false;
                        break;
                    }

                    parameters = p;
                    foreach (var parameter in p.Entries)
                    {
                        ok &= CheckSchema(parameter.Value, field + "." + parameter.Key.Text, diagnostics);
                    }

                    break;
                default:
                    // Juju puts any other key into the action's JSON schema as it is.
                    ok &= CheckKeyword(entry.Key.Text, entry.Value, field, diagnostics);
                    break;
            }
        }

        return ok ? new CharmAction(name.Text, description, parameters) : null;
    }

    private static string Suggest(string name)
    {
        var lowered = Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
        return lowered.Length == 0 ? "my-action" : lowered;
    }

    /// <summary>Checks a JSON schema (draft 4) written in YAML: a mapping whose keywords have the types the draft gives them.</summary>
    private static bool CheckSchema(YamlNode schema, string key, Diagnostics diagnostics)
    {
        if (schema is not YamlMap map)
        {
            diagnostics.Report(Code, schema, $"'{key}' must be a JSON schema (a mapping), e.g. {Diagnostics.Leaf(key)}: {{type: string, description: ...}}.");
            return false;
        }

        var ok = true;
        foreach (var entry in map.Entries)
        {
            ok &= CheckKeyword(entry.Key.Text, entry.Value, key + "." + entry.Key.Text, diagnostics, map);
        }

        return ok;
    }

    private static bool CheckKeyword(string keyword, YamlNode value, string key, Diagnostics diagnostics, YamlMap? schema = null)
    {
        switch (keyword)
        {
            case "$ref" or "$schema":
                diagnostics.Report(Code, value, $"'{key}': Juju refuses '{keyword}' in an action's schema (\"not compatible with this version of juju\"); write the schema out.");
                return false;
            case "type":
                var types = value is YamlList list ? list.Items : new[] { value };
                foreach (var t in types)
                {
                    if (t is not YamlScalar { Kind: YamlScalarKind.String } s || !JsonTypes.Contains(s.Text, StringComparer.Ordinal))
                    {
                        diagnostics.Report(Code, t, $"'{key}' must be a JSON Schema type ({string.Join(", ", JsonTypes)}) or a list of them{(t is YamlScalar { Text: "int" or "float" or "bool" } hint ? $"; for '{hint.Text}' write '{(hint.Text == "int" ? "integer" : hint.Text == "float" ? "number" : "boolean")}'" : string.Empty)}.");
                        return false;
                    }
                }

                return true;
            case "properties" or "patternProperties" or "definitions":
                if (value is not YamlMap properties)
                {
                    diagnostics.Report(Code, value, $"'{key}' must be a mapping of names to JSON schemas.");
                    return false;
                }

                return properties.Entries.Aggregate(true, (ok, p) => CheckSchema(p.Value, key + "." + p.Key.Text, diagnostics) & ok);
            case "items":
                return value is YamlList tuple
                    ? tuple.Items.Select((item, i) => CheckSchema(item, $"{key}[{i}]", diagnostics)).Aggregate(true, (a, b) => a & b)
                    : CheckSchema(value, key, diagnostics);
            case "additionalProperties" or "additionalItems":
                return value is YamlScalar { Kind: YamlScalarKind.Bool } || CheckSchema(value, key, diagnostics);
            case "not":
                return CheckSchema(value, key, diagnostics);
            case "allOf" or "anyOf" or "oneOf":
                if (value is not YamlList { Items.Count: > 0 } alternatives)
                {
                    diagnostics.Report(Code, value, $"'{key}' must be a non-empty list of JSON schemas.");
                    return false;
                }

                return alternatives.Items.Select((item, i) => CheckSchema(item, $"{key}[{i}]", diagnostics)).Aggregate(true, (a, b) => a & b);
            case "enum":
                if (value is not YamlList { Items.Count: > 0 })
                {
                    diagnostics.Report(Code, value, $"'{key}' must be a non-empty list of the allowed values.");
                    return false;
                }

                return true;
            case "required":
                return CheckRequired(value, key, schema?["properties"] as YamlMap, diagnostics);
            case "minimum" or "maximum" or "multipleOf":
                if (value is not YamlScalar { Kind: YamlScalarKind.Int or YamlScalarKind.Float })
                {
                    diagnostics.Report(Code, value, $"'{key}' must be a number.");
                    return false;
                }

                return true;
            case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                if (value is not YamlScalar { Kind: YamlScalarKind.Int, Value: >= 0L })
                {
                    diagnostics.Report(Code, value, $"'{key}' must be a non-negative integer.");
                    return false;
                }

                return true;
            case "exclusiveMinimum" or "exclusiveMaximum" or "uniqueItems":
                if (value is not YamlScalar { Kind: YamlScalarKind.Bool })
                {
                    diagnostics.Report(Code, value, $"'{key}' must be true or false (JSON Schema draft 4).");
                    return false;
                }

                return true;
            case "description" or "title" or "pattern" or "format":
                return diagnostics.String(Code, value, key) is not null || value is YamlScalar { Kind: YamlScalarKind.Null };
            default:
                return true;
        }
    }

    private static bool CheckRequired(YamlNode value, string key, YamlMap? properties, Diagnostics diagnostics)
    {
        if (value is not YamlList list)
        {
            diagnostics.Report(Code, value, $"'{key}' must be a list of parameter names, e.g. required: [filename].");
            return false;
        }

        var ok = true;
        foreach (var item in list.Items)
        {
            if (item is not YamlScalar { Kind: YamlScalarKind.String } name)
            {
                diagnostics.Report(Code, item, $"'{key}' lists {(item is YamlScalar s ? s.Describe() : "a non-string")}; list parameter names (strings).");
                ok = false;
            }
            else if (properties is not null && !properties.ContainsKey(name.Text))
            {
                diagnostics.Report(Code, item, $"'{key}' lists '{name.Text}', which is not a parameter; add it under params or remove it from required.");
                ok = false;
            }
        }

        return ok;
    }
}

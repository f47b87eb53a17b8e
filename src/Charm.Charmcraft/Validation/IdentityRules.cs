using System.Text.RegularExpressions;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft.Validation;

/// <summary>
/// <c>type</c>, <c>name</c>, <c>title</c>, <c>summary</c> and <c>description</c>: charmcraft's rules (craft-application's
/// project name: lower-case letters, digits and single hyphens, at least one letter, at most 40 characters; a title of 2
/// to 40 characters; a summary of at most 200) and Juju's (metadata.yaml needs a string name, summary and description).
/// </summary>
internal static class IdentityRules
{
    private const string Code = CharmcraftCodes.Identity;

    private static readonly Regex ProjectName = new("^([a-z0-9][a-z0-9-]?)*[a-z]+([a-z0-9-]?[a-z0-9])*$", RegexOptions.CultureInvariant);

    public static (string? Name, string? Title, string? Summary, string? Description) Read(YamlMap document, YamlMap? metadata, Diagnostics diagnostics, Diagnostics? metadataDiagnostics)
    {
        var type = diagnostics.String(Code, document["type"], "type");
        if (document["type"] is null)
        {
            diagnostics.Report(Code, document, "'type' is missing; charmcraft needs 'type: charm'.");
        }
        else if (type is not null and not "charm")
        {
            diagnostics.Report(Code, document["type"], $"'type' is '{type}'; a charm says 'type: charm'.");
        }

        var name = Required(document, metadata, "name", "name: my-charm", diagnostics, metadataDiagnostics);
        if (name is not null && (name.Length > 40 || !ProjectName.IsMatch(name)))
        {
            diagnostics.Report(Code, document["name"] ?? metadata?["name"], $"'name' is '{name}': a charm name has lower-case letters, digits and single hyphens, at least one letter, no hyphen at either end, and at most 40 characters (e.g. my-charm).");
            name = null;
        }

        var title = diagnostics.String(Code, document["title"], "title");
        if (title is not null && title.Length is < 2 or > 40)
        {
            diagnostics.Report(Code, document["title"], $"'title' has {title.Length} characters; charmcraft takes 2 to 40.");
        }

        var summary = Required(document, metadata, "summary", "summary: One line about the charm.", diagnostics, metadataDiagnostics);
        if (summary is not null && summary.Length > 200)
        {
            diagnostics.Report(Code, document["summary"] ?? metadata?["summary"], $"'summary' has {summary.Length} characters; charmcraft takes at most 200. Move the detail to 'description'.");
        }

        var description = Required(document, metadata, "description", "description: What the charm does.", diagnostics, metadataDiagnostics);
        return (name, title, summary, description);
    }

    private static string? Required(YamlMap document, YamlMap? metadata, string key, string example, Diagnostics diagnostics, Diagnostics? metadataDiagnostics)
    {
        if (document[key] is { } here)
        {
            if (metadata?[key] is { } there)
            {
                metadataDiagnostics!.Report(CharmcraftCodes.Duplicated, there, $"'{key}' is given in both charmcraft.yaml and metadata.yaml, which charmcraft refuses; keep it in one of them.");
            }

            return diagnostics.String(Code, here, key);
        }

        if (metadata?[key] is { } fromMetadata)
        {
            return metadataDiagnostics!.String(Code, fromMetadata, key);
        }

        diagnostics.Report(Code, document, $"'{key}' is missing; Juju needs it in the charm's metadata. Add it to charmcraft.yaml, e.g. {example}");
        return null;
    }
}

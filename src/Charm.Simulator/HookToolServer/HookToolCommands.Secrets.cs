using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.Model;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

// The secret tools (secret-add, secret-get, secret-set, secret-grant, secret-revoke, secret-remove, secret-ids, secret-info-get).
internal static partial class HookToolCommands
{
    private static string? RunSecretsTool(HookContext context, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
            case "secret-add":
            {
                var parsed = ToolArguments.Parse(args, UpsertFlags);
                var (metadata, owner) = UpsertOptions(context, parsed);
                var content = SecretContent(parsed, request);
                return context.SecretAdd(owner == "unit", metadata, content) + "\n";
            }

            case "secret-set":
            {
                var parsed = ToolArguments.Parse(args, UpsertFlags);
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("missing secret URI");
                }

                var id = parsed.Positionals[0];
                var (metadata, _) = UpsertOptions(context, parsed);
                var content = SecretContent(parsed, request, skip: 1);
                context.SecretSet(id, metadata, content);
                return "";
            }

            case "secret-info-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("label")]);
                var format = parsed.Get("format") ?? ToolOutput.Yaml;
                if (format is not (ToolOutput.Yaml or ToolOutput.Json))
                {
                    throw HookToolError.Usage($"invalid value \"{format}\" for option --format: unknown format \"{format}\"");
                }

                var id = parsed.Positionals.Count > 0 ? parsed.Positionals[0] : null;
                var label = parsed.Get("label") is { Length: > 0 } l ? l : null;
                NoMoreThan(parsed, 1);
                var secret = context.SecretInfoGet(id, label);
                return ToolOutput.Format(SecretInfoMap(secret), format);
            }

            case "secret-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("label"), new("refresh", IsBoolean: true), new("peek", IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                var label = parsed.Get("label");
                var positionals = parsed.Positionals.ToList();
                string? id = null;
                if (positionals.Count > 0 && (label is null || positionals.Count > 1 || positionals[0].StartsWith("secret:", StringComparison.Ordinal)))
                {
                    id = positionals[0];
                    positionals.RemoveAt(0);
                }

                if (positionals.Count > 1)
                {
                    throw Unrecognized(positionals.Skip(1));
                }

                var values = context.SecretGet(id, label, parsed.IsSet("refresh"), parsed.IsSet("peek"));
                return positionals.Count == 1
                    ? ToolOutput.Format(values.TryGetValue(positionals[0], out var value) ? value : null, format)
                    : ToolOutput.Format(ToMap(values), format);
            }

            case "secret-grant":
            {
                var parsed = ToolArguments.Parse(args, [Relation, new("unit")]);
                var id = OneSecretId(parsed);
                if (parsed.Get("relation") is null)
                {
                    throw HookToolError.Usage("missing relation: secret-grant <id> --relation <relation id> [--unit <unit>]");
                }

                context.SecretGrant(id, RelationOf(context, parsed), parsed.Get("unit"));
                return "";
            }

            case "secret-revoke":
            {
                var parsed = ToolArguments.Parse(args, [Relation, new("app"), new("application"), new("unit")]);
                var id = OneSecretId(parsed);
                var app = parsed.Get("app") ?? parsed.Get("application");
                if (parsed.Get("relation") is null && app is null && parsed.Get("unit") is null)
                {
                    throw HookToolError.Usage("missing relation or application or unit: secret-revoke <id> [--relation <relation id>] [--app <application>] [--unit <unit>]");
                }

                var relation = parsed.Get("relation") is null ? (RelationId?)null : RelationOf(context, parsed);
                context.SecretRevoke(id, relation, app, parsed.Get("unit"));
                return "";
            }

            case "secret-remove":
            {
                var parsed = ToolArguments.Parse(args, [new("revision")]);
                var id = OneSecretId(parsed);
                int? revision = null;
                if (parsed.Get("revision") is { } text)
                {
                    revision = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                        ? n
                        : throw HookToolError.Usage($"invalid value \"{text}\" for option --revision: a revision is a positive number");
                }

                context.SecretRemove(id, revision);
                return "";
            }

            case "secret-ids":
            {
                var parsed = ToolArguments.Parse(args, [Format]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 0);
                return ToolOutput.Format(context.SecretIds().ToArray(), format);
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// The content of <c>secret-add</c>: <c>key=value</c>, <c>key#base64=&lt;base64&gt;</c> and <c>key#file=&lt;path&gt;</c>
    /// arguments, and a YAML mapping from <c>--file</c> (<c>-</c>: standard input); <see cref="HookContext.SecretAdd"/> checks the keys.
    /// </summary>
    private static Dictionary<string, string> SecretContent(ToolArguments parsed, ToolRequest request, int skip = 0)
    {
        var content = parsed.Get("file") is { } file ? ReadMapping(file, request, request.Tool) : new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var argument in parsed.Positionals.Skip(skip))
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw HookToolError.Usage($"invalid key value \"{argument}\": use key=value, key#base64=<base64> or key#file=<path>");
            }

            var key = argument[..equals];
            var value = argument[(equals + 1)..];
            if (key.EndsWith("#file", StringComparison.Ordinal))
            {
                key = key[..^"#file".Length];
                value = ReadFile(value, request, request.Tool);
            }
            else if (key.EndsWith("#base64", StringComparison.Ordinal))
            {
                key = key[..^"#base64".Length];
                try
                {
                    value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(value));
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    throw HookToolError.Usage($"invalid value for secret key \"{key}\": it is not base64-encoded UTF-8 text");
                }
            }

            content[key] = value;
        }

        return content;
    }

    /// <summary>The options secret-add and secret-set share (jujuc's secretUpsertCommand).</summary>
    private static readonly ToolFlag[] UpsertFlags = [new("label"), new("owner"), new("description"), new("expire"), new("rotate"), File];

    /// <summary>The upsert options, checked as jujuc checks them before the call (usage errors, its texts).</summary>
    private static (SecretMetadata Metadata, string Owner) UpsertOptions(HookContext context, ToolArguments parsed)
    {
        var expire = parsed.Get("expire") is { Length: > 0 } spec ? HookContext.ParseExpire(spec, context.Now) : (DateTimeOffset?)null;
        var rotate = parsed.Get("rotate") is { Length: > 0 } policy ? HookContext.CheckRotate(policy) : null;
        var owner = parsed.Get("owner") ?? "application";
        if (owner is not ("application" or "unit"))
        {
            throw HookToolError.Usage($"secret owner \"{owner}\" not valid");
        }

        var label = parsed.Get("label") is { Length: > 0 } l ? l : null;
        var description = parsed.Get("description") is { Length: > 0 } d ? d : null;
        return (new SecretMetadata(label, description, expire, rotate), owner);
    }

    /// <summary>
    /// <c>secret-info-get</c>'s document: one member, the bare id, holding <c>revision</c>, <c>label</c> and <c>owner</c>
    /// always and <c>description</c>, <c>rotation</c>, <c>expiry</c> and <c>rotates</c> when set (times as Go's JSON writes them).
    /// </summary>
    private static Dictionary<string, object?> SecretInfoMap(SimulatedSecret secret)
    {
        var info = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["revision"] = secret.Revision,
            ["label"] = secret.Label ?? "",
            ["owner"] = secret.OwnerUnit is null ? "application" : "unit",
        };
        if (secret.Description is { Length: > 0 } description)
        {
            info["description"] = description;
        }

        if (secret.Rotation is { Length: > 0 } rotation)
        {
            info["rotation"] = rotation;
        }

        if (secret.Expiry is { } expiry)
        {
            info["expiry"] = GoTime(expiry);
        }

        if (secret.NextRotation is { } rotates)
        {
            info["rotates"] = GoTime(rotates);
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { [HookContext.BareSecretId(secret.Id)] = info };
    }

    /// <summary>A time as Go's <c>time.Time</c> marshals to JSON (RFC 3339 with the fraction's trailing zeros trimmed), in UTC.</summary>
    internal static string GoTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string OneSecretId(ToolArguments parsed)
    {
        if (parsed.Positionals.Count == 0)
        {
            throw HookToolError.Usage("missing secret URI");
        }

        NoMoreThan(parsed, 1);
        return parsed.Positionals[0];
    }
}

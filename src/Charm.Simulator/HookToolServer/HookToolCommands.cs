using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

/// <summary>
/// Answers hook-tool command lines the way a Juju 3.x unit agent answers them: the command lines ops 3.x runs, the ops 2.x
/// variants (<c>--format=json</c> last, YAML on standard input, <c>key=value</c> arguments), and the tools' defaults
/// (the hook's own relation and remote unit when <c>-r</c> or the unit is left out). A command line a tool cannot parse
/// exits 2 with <c>ERROR …</c>; a call the agent refuses exits 1 with Juju's error text. The workload CLI is routed to
/// the fake cluster under the calling unit's host name.
/// </summary>
internal static partial class HookToolCommands
{
    /// <summary>The hook tools the simulator serves (the names linked on <c>PATH</c>).</summary>
    public static IReadOnlyList<string> ToolNames { get; } =
    [
        "relation-ids", "relation-list", "relation-get", "relation-set", "is-leader", "status-set", "status-get",
        "juju-log", "config-get", "state-get", "state-set", "state-delete", "network-get", "application-version-set",
        "secret-add", "secret-get", "secret-grant", "secret-revoke", "secret-remove", "secret-ids",
        "action-get", "action-set", "action-fail", "action-log",
    ];

    /// <summary>What <c>action-fail</c> without a message records, as Juju's does.</summary>
    public const string DefaultActionFailure = "action failed without reason given, check action for errors";

    private static readonly ToolFlag Format = new("format");
    private static readonly ToolFlag Relation = new("relation", 'r');
    private static readonly ToolFlag App = new("app", IsBoolean: true);
    private static readonly ToolFlag File = new("file");

    /// <summary>Runs one call. Never throws for a bad call: the answer carries the exit code and standard error.</summary>
    public static ToolResponse Execute(HookContext context, ToolRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (context.Workload.IsProgram(request.Tool) && !ToolNames.Contains(request.Tool))
        {
            var result = context.RunWorkload(request.Arguments);
            return new ToolResponse(result.TimedOut ? 0 : result.ExitCode, result.StandardOutput, result.StandardError, result.TimedOut);
        }

        var summary = Summarise(request);
        try
        {
            var output = Run(context, request);
            context.Record(request.Tool, summary, 0);
            return new ToolResponse(0, output, "");
        }
        catch (HookToolError e)
        {
            context.Record(request.Tool, summary, e.ExitCode);
            return new ToolResponse(e.ExitCode, "", e.StandardError);
        }
    }

    private static string Run(HookContext context, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
            case "relation-ids":
            {
                var parsed = ToolArguments.Parse(args, [Format]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 1);
                var endpoint = parsed.Positionals.Count == 1 ? parsed.Positionals[0] : context.Hook.Relation?.Endpoint
                    ?? throw HookToolError.Usage("no endpoint name specified");
                return ToolOutput.Format(context.RelationIds(endpoint).Select(id => id.ToString()).ToArray(), format);
            }

            case "relation-list":
            {
                var parsed = ToolArguments.Parse(args, [Format, Relation, App]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 0);
                var relation = RelationOf(context, parsed);
                return parsed.IsSet("app")
                    ? ToolOutput.Format(context.RelationRemoteApp(relation), format)
                    : ToolOutput.Format(context.RelationUnits(relation).ToArray(), format);
            }

            case "relation-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, Relation, App]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 2);
                var relation = RelationOf(context, parsed);
                var isApp = parsed.IsSet("app");
                var key = parsed.Positionals.Count > 0 ? parsed.Positionals[0] : "-";
                string member;
                if (parsed.Positionals.Count > 1)
                {
                    member = parsed.Positionals[1];
                }
                else if (isApp)
                {
                    member = context.RelationRemoteApp(relation);
                }
                else
                {
                    member = context.Hook.Relation?.Number == relation.Number && context.Hook.RemoteUnit is { } remote
                        ? remote
                        : throw HookToolError.Usage("no unit id specified");
                }

                var settings = context.RelationGet(relation, member, isApp);
                return key == "-"
                    ? ToolOutput.Format(ToMap(settings), format)
                    : ToolOutput.Format(settings.TryGetValue(key, out var value) ? value : null, format);
            }

            case "relation-set":
            {
                var parsed = ToolArguments.Parse(args, [Format, Relation, App, File]);
                _ = ToolOutput.CheckFormat(parsed.Get("format"));
                var relation = RelationOf(context, parsed);
                var settings = ReadSettings(parsed, request, "relation-set");
                context.RelationSet(relation, parsed.IsSet("app"), settings);
                return "";
            }

            case "is-leader":
            {
                var parsed = ToolArguments.Parse(args, [Format]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 0);
                return ToolOutput.Format(context.IsLeader(), format);
            }

            case "status-set":
            {
                var parsed = ToolArguments.Parse(args, [new("application", IsBoolean: true)]);
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("invalid args, require <status> [message] [data]");
                }

                NoMoreThan(parsed, 2);
                var name = parsed.Positionals[0];
                var kind = Status.ParseJujuName(name);
                if (kind is StatusKind.Unknown or StatusKind.Error)
                {
                    throw HookToolError.Usage($"invalid status \"{name}\", expected one of [maintenance blocked waiting active]");
                }

                var message = parsed.Positionals.Count > 1 ? parsed.Positionals[1] : "";
                context.StatusSet(new Status(kind, message), parsed.IsSet("application"));
                return "";
            }

            case "status-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("include-data", IsBoolean: true), new("application", IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 1);
                var application = parsed.IsSet("application");
                var status = context.StatusGet(application);
                if (!parsed.IsSet("include-data"))
                {
                    return ToolOutput.Format(status.Name, format);
                }

                var details = StatusMap(status);
                if (!application)
                {
                    return ToolOutput.Format(details, format);
                }

                var units = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var unit in context.Unit.Application.Units)
                {
                    units[unit.Name] = StatusMap(unit.Status);
                }

                details["units"] = units;
                return ToolOutput.Format(new Dictionary<string, object?>(StringComparer.Ordinal) { ["application-status"] = details }, format);
            }

            case "juju-log":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("log-level", 'l'), new("debug", IsBoolean: true)]);
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("no message specified");
                }

                var level = parsed.IsSet("debug") ? LogLevel.Debug : ParseLevel(parsed.Get("log-level") ?? "INFO");
                context.Log(level, string.Join(' ', parsed.Positionals));
                return "";
            }

            case "config-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("all", 'a', IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 1);
                var config = context.ConfigGet();
                if (parsed.Positionals.Count == 1)
                {
                    return ToolOutput.Format(config.TryGetValue(parsed.Positionals[0], out var value) ? value.Value : null, format);
                }

                return ToolOutput.Format(config.ToDictionary(p => p.Key, p => (object?)p.Value.Value, StringComparer.Ordinal), format);
            }

            case "state-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("strict", IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 1);
                var state = context.StateGet();
                if (parsed.Positionals.Count == 1)
                {
                    var key = parsed.Positionals[0];
                    if (state.TryGetValue(key, out var value))
                    {
                        return ToolOutput.Format(value, format);
                    }

                    return parsed.IsSet("strict") ? throw HookToolError.Refused($"\"{key}\" not found") : ToolOutput.Format(null, format);
                }

                return ToolOutput.Format(ToMap(state), format);
            }

            case "state-set":
            {
                var parsed = ToolArguments.Parse(args, [File]);
                context.StateSet(ReadSettings(parsed, request, "state-set"));
                return "";
            }

            case "state-delete":
            {
                var parsed = ToolArguments.Parse(args, []);
                if (parsed.Positionals.Count != 1)
                {
                    throw parsed.Positionals.Count == 0 ? HookToolError.Usage("no key specified") : Unrecognized(parsed.Positionals.Skip(1));
                }

                context.StateDelete(parsed.Positionals[0]);
                return "";
            }

            case "network-get":
            {
                var parsed = ToolArguments.Parse(
                    args,
                    [Format, Relation, new("primary-address", IsBoolean: true), new("bind-address", IsBoolean: true), new("ingress-address", IsBoolean: true), new("egress-subnets", IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("no arguments specified");
                }

                NoMoreThan(parsed, 1);
                var relation = parsed.Get("relation") is null ? (RelationId?)null : RelationOf(context, parsed);
                var address = context.Address(parsed.Positionals[0], relation);
                if (parsed.IsSet("primary-address") || parsed.IsSet("bind-address") || parsed.IsSet("ingress-address"))
                {
                    return ToolOutput.Format(address, format);
                }

                if (parsed.IsSet("egress-subnets"))
                {
                    return ToolOutput.Format(new[] { address + "/32" }, format);
                }

                return ToolOutput.Format(NetworkInfo(address), format);
            }

            case "application-version-set":
            {
                var parsed = ToolArguments.Parse(args, []);
                if (parsed.Positionals.Count != 1)
                {
                    throw parsed.Positionals.Count == 0 ? HookToolError.Usage("no version specified") : Unrecognized(parsed.Positionals.Skip(1));
                }

                context.SetWorkloadVersion(parsed.Positionals[0]);
                return "";
            }

            case "secret-add":
            {
                var parsed = ToolArguments.Parse(args, [new("label"), new("owner"), new("description"), new("expire"), new("rotate"), File]);
                var owner = parsed.Get("owner") ?? "application";
                if (owner is not ("application" or "unit"))
                {
                    throw HookToolError.Usage($"invalid value \"{owner}\" for option --owner: use \"application\" or \"unit\"");
                }

                var content = SecretContent(parsed, request);
                return context.SecretAdd(owner == "unit", parsed.Get("label"), parsed.Get("description"), content) + "\n";
            }

            case "secret-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("label"), new("refresh", IsBoolean: true), new("peek", IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                if (parsed.IsSet("refresh") && parsed.IsSet("peek"))
                {
                    throw HookToolError.Usage("specify one of --peek or --refresh but not both");
                }

                var label = parsed.Get("label");
                var positionals = parsed.Positionals.ToList();
                string? id = null;
                if (positionals.Count > 0 && (label is null || positionals.Count > 1 || positionals[0].StartsWith("secret:", StringComparison.Ordinal)))
                {
                    id = positionals[0];
                    positionals.RemoveAt(0);
                }

                if (id is null && label is null)
                {
                    throw HookToolError.Usage("require either a secret URI or label");
                }

                if (positionals.Count > 1)
                {
                    throw Unrecognized(positionals.Skip(1));
                }

                // One revision per secret (there is no secret-set), so --refresh and --peek read the same content.
                var values = context.SecretGet(id, label);
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

            case "action-get":
            {
                var parsed = ToolArguments.Parse(args, [Format]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 1);
                object? value = context.ActionGet();
                if (parsed.Positionals.Count == 1)
                {
                    foreach (var part in parsed.Positionals[0].Split('.'))
                    {
                        value = value is IReadOnlyDictionary<string, object?> map ? map.GetValueOrDefault(part) : null;
                    }
                }

                return ToolOutput.Format(value, format);
            }

            case "action-set":
            {
                var parsed = ToolArguments.Parse(args, []);
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("no key=value pairs specified");
                }

                var values = new List<KeyValuePair<string, string>>();
                foreach (var argument in parsed.Positionals)
                {
                    var equals = argument.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw HookToolError.Usage($"argument \"{argument}\" must be of the form key=value");
                    }

                    values.Add(new(argument[..equals], argument[(equals + 1)..]));
                }

                context.ActionSet(values);
                return "";
            }

            case "action-fail":
            {
                var parsed = ToolArguments.Parse(args, []);
                NoMoreThan(parsed, 1);
                context.ActionFail(parsed.Positionals.Count == 1 ? parsed.Positionals[0] : DefaultActionFailure);
                return "";
            }

            case "action-log":
            {
                var parsed = ToolArguments.Parse(args, []);
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("no message specified");
                }

                context.ActionLog(string.Join(' ', parsed.Positionals));
                return "";
            }

            default:
                throw HookToolError.Refused($"{request.Tool} is not a hook tool the simulator serves (it serves {string.Join(", ", ToolNames)} and the workload CLI '{context.Workload.CommandPrefix}')");
        }
    }

    /// <summary>The relation from <c>-r</c>, else the hook's own relation.</summary>
    private static RelationId RelationOf(HookContext context, ToolArguments parsed)
    {
        var text = parsed.Get("relation");
        if (text is null)
        {
            return context.Hook.Relation ?? throw HookToolError.Usage("no relation id specified");
        }

        if (RelationId.TryParse(text, out var id))
        {
            return id;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            // A bare number: Juju accepts it and finds the endpoint itself.
            var relation = context.RelationIds(context.Hook.Relation?.Endpoint ?? "").FirstOrDefault(r => r.Number == number);
            if (relation != default)
            {
                return relation;
            }

            foreach (var endpoint in context.Unit.Application.Metadata.Endpoints)
            {
                relation = context.RelationIds(endpoint.Name).FirstOrDefault(r => r.Number == number);
                if (relation != default)
                {
                    return relation;
                }
            }

            throw HookToolError.Refused(JujuAgentRules.RelationNotFound(text));
        }

        throw HookToolError.Usage($"invalid value \"{text}\" for option -r: invalid relation id");
    }

    private static Dictionary<string, string> ReadSettings(ToolArguments parsed, ToolRequest request, string tool)
    {
        Dictionary<string, string> settings;
        var file = parsed.Get("file");
        if (file is null)
        {
            settings = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parsed.Positionals.Count == 0)
            {
                throw HookToolError.Usage("expected \"key=value\" parameters, got nothing");
            }
        }
        else
        {
            settings = ReadMapping(file, request, tool);
        }

        SettingsParser.ApplyAssignments(settings, parsed.Positionals);
        return settings;
    }

    /// <summary>The YAML (or JSON) mapping of <c>--file &lt;file&gt;</c>: standard input for <c>-</c>.</summary>
    private static Dictionary<string, string> ReadMapping(string file, ToolRequest request, string tool)
        => file == "-"
            ? SettingsParser.ParseMapping(request.StandardInput ?? "", "standard input")
            : SettingsParser.ParseMapping(ReadFile(file, request, tool), file);

    /// <summary>
    /// The content of <c>secret-add</c>: <c>key=value</c>, <c>key#base64=&lt;base64&gt;</c> and <c>key#file=&lt;path&gt;</c>
    /// arguments, and a YAML mapping from <c>--file</c> (<c>-</c>: standard input); keys as Juju allows them.
    /// </summary>
    private static Dictionary<string, string> SecretContent(ToolArguments parsed, ToolRequest request)
    {
        var content = parsed.Get("file") is { } file ? ReadMapping(file, request, "secret-add") : new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var argument in parsed.Positionals)
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
                value = ReadFile(value, request, "secret-add");
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

        if (content.Count == 0)
        {
            throw HookToolError.Usage("missing secret value or filename");
        }

        foreach (var key in content.Keys)
        {
            if (!SecretKey().IsMatch(key))
            {
                throw HookToolError.Usage($"secret key \"{key}\" not valid: use at least 3 lower-case letters, digits and single hyphens, starting with a letter");
            }
        }

        return content;
    }

    private static string OneSecretId(ToolArguments parsed)
    {
        if (parsed.Positionals.Count == 0)
        {
            throw HookToolError.Usage("missing secret URI");
        }

        NoMoreThan(parsed, 1);
        return parsed.Positionals[0];
    }

    private static string ReadFile(string file, ToolRequest request, string tool)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(request.WorkingDirectory, file);
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // ArgumentException: a path the file system cannot name at all (a NUL character, finding S-2 of docs/reliability.md).
            throw HookToolError.Refused($"{tool}: cannot read {file}: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-z](?:-?[a-z0-9]){2,}$")]
    private static partial Regex SecretKey();

    private static void NoMoreThan(ToolArguments parsed, int count)
    {
        if (parsed.Positionals.Count > count)
        {
            throw Unrecognized(parsed.Positionals.Skip(count));
        }
    }

    private static HookToolError Unrecognized(IEnumerable<string> extra)
        => HookToolError.Usage("unrecognized args: [" + string.Join(' ', extra.Select(a => "\"" + a + "\"")) + "]");

    private static LogLevel ParseLevel(string text) => text.ToUpperInvariant() switch
    {
        "TRACE" or "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Info,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" or "CRITICAL" => LogLevel.Error,
        _ => throw HookToolError.Usage($"invalid log level \"{text}\""),
    };

    private static Dictionary<string, object?> ToMap(IReadOnlyDictionary<string, string> values)
        => values.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

    private static Dictionary<string, object?> StatusMap(Status status) => new(StringComparer.Ordinal)
    {
        ["message"] = status.Message,
        ["status"] = status.Name,
        ["status-data"] = new Dictionary<string, object?>(StringComparer.Ordinal),
    };

    private static Dictionary<string, object?> NetworkInfo(string address)
    {
        var cidr = address[..(address.LastIndexOf('.') + 1)] + "0/24";
        var addressInfo = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["hostname"] = "",
            ["value"] = address,
            ["cidr"] = cidr,
            ["address"] = address,
        };
        var bind = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["mac-address"] = "",
            ["interface-name"] = "eth0",
            ["addresses"] = new List<object?> { addressInfo },
            ["macaddress"] = "",
            ["interfacename"] = "eth0",
        };
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["bind-addresses"] = new List<object?> { bind },
            ["egress-subnets"] = new[] { address + "/32" },
            ["ingress-addresses"] = new[] { address },
        };
    }

    /// <summary>The command line for the trace, with the values given to <c>relation-set</c>, <c>state-set</c>, <c>secret-add</c> and <c>action-set</c> left out.</summary>
    private static string Summarise(ToolRequest request)
    {
        if (request.Tool is not ("relation-set" or "state-set" or "secret-add" or "action-set"))
        {
            return string.Join(' ', request.Arguments);
        }

        return string.Join(' ', request.Arguments.Select(a =>
        {
            var equals = a.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && !a.StartsWith('-') ? a[..(equals + 1)] + "…" : a;
        }));
    }
}

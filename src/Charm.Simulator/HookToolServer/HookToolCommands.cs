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
        "secret-add", "secret-get", "secret-set", "secret-grant", "secret-revoke", "secret-remove", "secret-ids", "secret-info-get",
        "open-port", "close-port", "opened-ports", "goal-state", "storage-list", "storage-get", "action-get", "action-set", "action-fail", "action-log",
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
        => RunRelationTool(context, request)
            ?? RunUnitTool(context, request)
            ?? RunSecretsTool(context, request)
            ?? RunPortsTool(context, request)
            ?? RunStorageTool(context, request)
            ?? RunActionsTool(context, request)
            ?? throw HookToolError.Refused($"{request.Tool} is not a hook tool the simulator serves (it serves {string.Join(", ", ToolNames)} and the workload CLI '{context.Workload.CommandPrefix}')");

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

    private static void NoMoreThan(ToolArguments parsed, int count)
    {
        if (parsed.Positionals.Count > count)
        {
            throw Unrecognized(parsed.Positionals.Skip(count));
        }
    }

    private static HookToolError Unrecognized(IEnumerable<string> extra)
        => HookToolError.Usage("unrecognized args: [" + string.Join(' ', extra.Select(a => "\"" + a + "\"")) + "]");

    private static Dictionary<string, object?> ToMap(IReadOnlyDictionary<string, string> values)
        => values.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

    /// <summary>The command line for the trace, with the values given to <c>relation-set</c>, <c>state-set</c>, <c>secret-add</c>, <c>secret-set</c> and <c>action-set</c> left out.</summary>
    private static string Summarise(ToolRequest request)
    {
        if (request.Tool is not ("relation-set" or "state-set" or "secret-add" or "secret-set" or "action-set"))
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

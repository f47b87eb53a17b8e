using System.Globalization;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

// open-port, close-port, opened-ports (jujuc's ports.go and opened-ports.go) and goal-state (goal-state.go).
internal static partial class HookToolCommands
{
    private static readonly ToolFlag Endpoints = new("endpoints");

    private static string? RunPortsTool(HookContext context, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
            case "open-port":
            case "close-port":
            {
                // --format is accepted and ignored (deprecated in jujuc); the range is parsed before the call runs.
                var parsed = ToolArguments.Parse(args, [Format, Endpoints]);
                if (parsed.Positionals.Count == 0)
                {
                    throw HookToolError.Usage("no port or range specified");
                }

                var range = HookContext.ParsePortRange(parsed.Positionals[0]);
                NoMoreThan(parsed, 1);
                foreach (var endpoint in context.PortEndpoints(parsed.Get("endpoints")))
                {
                    if (request.Tool == "open-port")
                    {
                        context.OpenPort(endpoint, range);
                    }
                    else
                    {
                        context.ClosePort(endpoint, range);
                    }
                }

                return "";
            }

            case "opened-ports":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("endpoints", IsBoolean: true)]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 0);
                return ToolOutput.Format(OpenedPortsLines(context.OpenedPorts(), parsed.IsSet("endpoints")), format);
            }

            case "goal-state":
            {
                var parsed = ToolArguments.Parse(args, [Format]);
                var format = parsed.Get("format") ?? ToolOutput.Yaml;
                if (format is not (ToolOutput.Yaml or ToolOutput.Json))
                {
                    throw HookToolError.Usage($"invalid value \"{format}\" for option --format: unknown format \"{format}\"");
                }

                NoMoreThan(parsed, 0);
                return ToolOutput.Format(GoalStateMap(context.GoalState()), format);
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// <c>opened-ports</c>' entries: each range once (<c>80/tcp</c>), in Juju's order; with <c>--endpoints</c>, each followed
    /// by its endpoints, sorted, or <c>*</c> when it is open for all of them (<c>80/tcp (*)</c>, <c>81/tcp (dmz, public)</c>).
    /// </summary>
    private static string[] OpenedPortsLines(IReadOnlyList<(string Endpoint, HookContext.PortSpan Range)> ports, bool withEndpoints)
    {
        var ranges = HookContext.UniqueRanges(ports);
        if (!withEndpoints)
        {
            return [.. ranges.Select(r => r.ToString())];
        }

        return [.. ranges.Select(range =>
        {
            var endpoints = ports.Where(p => p.Range == range).Select(p => p.Endpoint).ToList();
            var shown = endpoints.Contains("") ? "*" : string.Join(", ", endpoints.Order(StringComparer.Ordinal));
            return $"{range} ({shown})";
        })];
    }

    /// <summary><c>goal-state</c>'s document: <c>units</c> and <c>relations</c>, each entry a <c>status</c> and a <c>since</c> as Juju prints it (UTC, <c>2006-01-02 15:04:05Z</c>).</summary>
    private static Dictionary<string, object?> GoalStateMap(HookContext.GoalStateAnswer goal)
    {
        static Dictionary<string, object?> Entries(IReadOnlyDictionary<string, HookContext.GoalStatus> entries)
            => entries.ToDictionary(
                p => p.Key,
                p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["status"] = p.Value.Status,
                    ["since"] = p.Value.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                },
                StringComparer.Ordinal);

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["units"] = Entries(goal.Units),
            ["relations"] = goal.Relations.ToDictionary(p => p.Key, p => (object?)Entries(p.Value), StringComparer.Ordinal),
        };
    }
}

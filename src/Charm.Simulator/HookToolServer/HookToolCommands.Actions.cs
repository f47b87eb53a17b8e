using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

// The action tools (action-get, action-set, action-fail, action-log).
internal static partial class HookToolCommands
{
    private static string? RunActionsTool(HookContext context, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
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
                return null;
        }
    }
}

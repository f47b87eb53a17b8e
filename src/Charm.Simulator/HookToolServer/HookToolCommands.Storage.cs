using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

// storage-list and storage-get (jujuc's storage-list.go and storage-get.go).
internal static partial class HookToolCommands
{
    private static string? RunStorageTool(HookContext context, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
            case "storage-list":
            {
                var parsed = ToolArguments.Parse(args, [Format]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                NoMoreThan(parsed, 1);
                var name = parsed.Positionals.Count == 1 && parsed.Positionals[0].Length > 0 ? parsed.Positionals[0] : null;
                return ToolOutput.Format(context.StorageList(name).ToArray(), format);
            }

            case "storage-get":
            {
                var parsed = ToolArguments.Parse(args, [Format, new("s", 's')]);
                var format = ToolOutput.CheckFormat(parsed.Get("format"));
                var storage = context.StorageGet(parsed.Get("s"));
                NoMoreThan(parsed, 1);
                var values = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["kind"] = storage.KindName,
                    ["location"] = storage.Location,
                };
                if (parsed.Positionals.Count == 0)
                {
                    return ToolOutput.Format(values, format);
                }

                var key = parsed.Positionals[0];
                return values.TryGetValue(key, out var value)
                    ? ToolOutput.Format(value, format)
                    : throw HookToolError.Refused($"invalid storage attribute \"{key}\"");
            }

            default:
                return null;
        }
    }
}

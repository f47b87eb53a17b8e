using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

// The relation tools (relation-ids, relation-list, relation-get, relation-set).
internal static partial class HookToolCommands
{
    private static string? RunRelationTool(HookContext context, ToolRequest request)
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

            default:
                return null;
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

            throw HookToolError.Usage(JujuAgentRules.RelationNotFound(text));
        }

        throw HookToolError.Usage($"invalid value \"{text}\" for option -r: invalid relation id");
    }
}

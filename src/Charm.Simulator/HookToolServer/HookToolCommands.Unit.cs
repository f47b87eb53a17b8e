using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.Parser;

namespace Charm.Simulator.HookToolServer;

// The unit tools (is-leader, status-*, juju-log, config-get, state-*, network-get, application-version-set).
internal static partial class HookToolCommands
{
    private static string? RunUnitTool(HookContext context, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
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
                var network = context.NetworkGet(parsed.Positionals[0], relation);
                if (parsed.IsSet("primary-address") || parsed.IsSet("bind-address"))
                {
                    return ToolOutput.Format(network.BindAddress, format);
                }

                if (parsed.IsSet("ingress-address"))
                {
                    return ToolOutput.Format(network.IngressAddress, format);
                }

                if (parsed.IsSet("egress-subnets"))
                {
                    return ToolOutput.Format(network.EgressSubnets.ToArray(), format);
                }

                return ToolOutput.Format(NetworkInfo(network), format);
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

            default:
                return null;
        }
    }

    private static Dictionary<string, object?> StatusMap(Status status) => new(StringComparer.Ordinal)
    {
        ["message"] = status.Message,
        ["status"] = status.Name,
        ["status-data"] = new Dictionary<string, object?>(StringComparer.Ordinal),
    };

    /// <summary>A <see cref="Network"/> in <c>network-get --format=json</c>'s shape (with Juju's old key spellings too).</summary>
    private static Dictionary<string, object?> NetworkInfo(Network network)
    {
        var binds = new List<object?>();
        foreach (var nic in network.Interfaces)
        {
            var addresses = new List<object?>();
            foreach (var address in nic.Addresses)
            {
                addresses.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["hostname"] = address.Hostname,
                    ["value"] = address.Value,
                    ["cidr"] = address.Cidr,
                    ["address"] = address.Value,
                });
            }

            binds.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["mac-address"] = nic.MacAddress,
                ["interface-name"] = nic.Name,
                ["addresses"] = addresses,
                ["macaddress"] = nic.MacAddress,
                ["interfacename"] = nic.Name,
            });
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["bind-addresses"] = binds,
            ["egress-subnets"] = network.EgressSubnets.ToArray(),
            ["ingress-addresses"] = network.IngressAddresses.ToArray(),
        };
    }

    private static LogLevel ParseLevel(string text) => text.ToUpperInvariant() switch
    {
        "TRACE" or "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Info,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" or "CRITICAL" => LogLevel.Error,
        _ => throw HookToolError.Usage($"invalid log level \"{text}\""),
    };
}

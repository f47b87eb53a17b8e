using System;
using System.Collections.Generic;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft.Validation;

/// <summary>
/// <c>requires</c>, <c>provides</c> and <c>peers</c> as Juju's metadata reader takes them (internal/charm/meta.go): each
/// endpoint is an interface name or a mapping with a string <c>interface</c>, an integer or null <c>limit</c>, a boolean
/// <c>optional</c> and a <c>scope</c> of <c>global</c> or <c>container</c>; no endpoint is named <c>juju</c> or
/// <c>juju-*</c>, no provided or peer interface is <c>juju-*</c>, and no name is used twice; charmcraft's field names
/// take no <c>.</c> and no leading <c>$</c>. A subordinate charm needs a container-scoped <c>requires</c>.
/// </summary>
internal static class EndpointRules
{
    private const string Code = CharmcraftCodes.Endpoints;

    public static List<CharmEndpoint> Read(YamlMap metadata, string? charmName, Diagnostics diagnostics)
    {
        var endpoints = new List<CharmEndpoint>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (section, role) in new[] { ("provides", CharmEndpointRole.Provides), ("requires", CharmEndpointRole.Requires), ("peers", CharmEndpointRole.Peers) })
        {
            if (diagnostics.Map(Code, metadata[section], section, $"{section}: {{cluster: {{interface: worker-cluster}}}}") is not { } map)
            {
                continue;
            }

            foreach (var entry in map.Entries)
            {
                if (Read(section, role, entry.Key, entry.Value, charmName, diagnostics) is not { } endpoint)
                {
                    continue;
                }

                if (!names.Add(endpoint.Name))
                {
                    diagnostics.Report(Code, entry.Key, $"the endpoint name '{endpoint.Name}' is used twice (Juju refuses a duplicated relation name); rename one.");
                    continue;
                }

                endpoints.Add(endpoint);
            }
        }

        if (metadata["subordinate"] is { } subordinate)
        {
            if (subordinate is not YamlScalar { Kind: YamlScalarKind.Bool, Value: bool isSubordinate })
            {
                diagnostics.Report(Code, subordinate, "'subordinate' must be true or false.");
            }
            else if (isSubordinate && !endpoints.Exists(e => e.Role == CharmEndpointRole.Requires && e.Scope == "container"))
            {
                diagnostics.Report(Code, subordinate, "a subordinate charm needs a 'requires' endpoint with 'scope: container' (Juju refuses it otherwise).");
            }
        }

        return endpoints;
    }

    private static CharmEndpoint? Read(string section, CharmEndpointRole role, YamlScalar name, YamlNode value, string? charmName, Diagnostics diagnostics)
    {
        var key = section + "." + name.Text;
        if (name.Text.Length == 0 || name.Text.StartsWith("$", StringComparison.Ordinal) || name.Text.Contains("."))
        {
            diagnostics.Report(Code, name, $"'{key}' is not a valid endpoint name (charmcraft refuses an empty name, a leading '$' and '.'); rename it, e.g. 'cluster'.");
            return null;
        }

        var subordinateContainer = false;
        string? iface;
        long? limit = null;
        var optional = false;
        var scope = "global";
        if (value is YamlScalar { Kind: YamlScalarKind.String } shorthand)
        {
            iface = shorthand.Text;
        }
        else if (value is YamlMap map)
        {
            iface = diagnostics.String(Code, map["interface"], key + ".interface");
            if (map["interface"] is null or YamlScalar { Kind: YamlScalarKind.Null })
            {
                diagnostics.Report(Code, map, $"'{key}' has no 'interface'; Juju needs one (relations form only between endpoints of the same interface), e.g. interface: worker-cluster.");
                return null;
            }

            switch (map["limit"])
            {
                case null or YamlScalar { Kind: YamlScalarKind.Null }:
                    break;
                case YamlScalar { Kind: YamlScalarKind.Int, Value: long l }:
                    limit = l;
                    break;
                case YamlScalar { Kind: YamlScalarKind.String } text when long.TryParse(text.Text, out var parsed):
                    limit = parsed; // Juju's schema.Int accepts a numeric string.
                    break;
                case var other:
                    diagnostics.Report(Code, other, $"'{key}.limit' must be an integer (the most relations the endpoint takes), e.g. limit: 1.");
                    return null;
            }

            switch (map["optional"])
            {
                case null:
                    break;
                case YamlScalar { Kind: YamlScalarKind.Bool, Value: bool b }:
                    optional = b;
                    break;
                case var other:
                    diagnostics.Report(Code, other, $"'{key}.optional' must be true or false.");
                    return null;
            }

            switch (map["scope"])
            {
                case null:
                    break;
                case YamlScalar { Kind: YamlScalarKind.String, Text: "global" or "container" } s:
                    scope = s.Text;
                    break;
                case var other:
                    diagnostics.Report(Code, other, $"'{key}.scope' must be 'global' or 'container'.");
                    return null;
            }

            subordinateContainer = role == CharmEndpointRole.Requires && scope == "container";
        }
        else
        {
            diagnostics.Report(Code, value, $"'{key}' must be an interface name or a mapping with 'interface', e.g. {name.Text}: {{interface: worker-cluster}}.");
            return null;
        }

        if (iface is null)
        {
            return null;
        }

        if (iface.Length == 0)
        {
            diagnostics.Report(Code, value, $"'{key}' has an empty interface; name it, e.g. interface: worker-cluster.");
            return null;
        }

        var jujuCharm = charmName?.StartsWith("juju-", StringComparison.Ordinal) == true;
        if (!jujuCharm && !subordinateContainer && IsReserved(name.Text))
        {
            diagnostics.Report(Code, name, $"'{key}': Juju reserves the endpoint name 'juju' and the 'juju-' prefix; rename the endpoint.");
            return null;
        }

        if (!jujuCharm && role != CharmEndpointRole.Requires && IsReserved(iface))
        {
            diagnostics.Report(Code, value, $"'{key}' uses the interface '{iface}': Juju reserves 'juju' and 'juju-*' interfaces for what it provides itself; pick another interface name.");
            return null;
        }

        return new CharmEndpoint(name.Text, role, iface, limit, optional, scope);
    }

    private static bool IsReserved(string name) => name == "juju" || name.StartsWith("juju-", StringComparison.Ordinal);
}

using System.Text.Json;
using Charm.Framework.Model;

namespace Charm.Framework.Hosting.HookTools;

/// <summary>The readers for the richer JSON shapes: <c>network-get</c>, <c>goal-state</c>, <c>secret-info-get</c>, <c>storage-get</c>, and the shared helpers they use.</summary>
internal sealed partial class HookToolOutput
{
    /// <summary>
    /// The object <c>network-get --format=json</c> prints: <c>bind-addresses</c> (interfaces with <c>interface-name</c>,
    /// <c>mac-address</c> and <c>addresses</c> of <c>value</c>/<c>cidr</c>/<c>hostname</c>), <c>ingress-addresses</c> and
    /// <c>egress-subnets</c>; Juju leaves out an empty list. An address given as <c>address</c> (older agents) is read too.
    /// </summary>
    internal Network Network()
    {
        const string expected = "a JSON object with \"bind-addresses\", \"ingress-addresses\" and \"egress-subnets\"";
        var root = Json(expected, allowEmpty: false)!.Value;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected);
        }

        var interfaces = new List<NetworkInterface>();
        foreach (var item in Items(root, "bind-addresses", expected))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Unexpected(expected, "an entry of \"bind-addresses\" is not an object");
            }

            var addresses = new List<InterfaceAddress>();
            foreach (var address in Items(item, "addresses", expected))
            {
                if (address.ValueKind != JsonValueKind.Object)
                {
                    throw Unexpected(expected, "an entry of \"addresses\" is not an object");
                }

                var value = Text(address, "value", expected);
                if (value.Length == 0)
                {
                    value = Text(address, "address", expected);
                }

                addresses.Add(new InterfaceAddress(value, Text(address, "cidr", expected), Text(address, "hostname", expected)));
            }

            interfaces.Add(new NetworkInterface(Text(item, "interface-name", expected), Text(item, "mac-address", expected), addresses.AsReadOnly()));
        }

        return new Network
        {
            Interfaces = interfaces.AsReadOnly(),
            IngressAddresses = Strings(root, "ingress-addresses", expected),
            EgressSubnets = Strings(root, "egress-subnets", expected),
        };
    }

    /// <summary>
    /// The object <c>goal-state --format=json</c> prints: <c>{"units": {"app/0": {"status": "active", "since": …}},
    /// "relations": {"&lt;endpoint&gt;": {"&lt;app or unit&gt;": {"status": …}}}}</c>; a missing section is empty.
    /// </summary>
    internal GoalState GoalState()
    {
        const string expected = "a JSON object with \"units\" and \"relations\"";
        var root = Json(expected, allowEmpty: false)!.Value;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected);
        }

        var relations = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("relations", out var rel) && rel.ValueKind == JsonValueKind.Object)
        {
            foreach (var endpoint in rel.EnumerateObject())
            {
                relations[endpoint.Name] = Statuses(endpoint.Value, expected);
            }
        }

        return new GoalState
        {
            Units = root.TryGetProperty("units", out var units) ? Statuses(units, expected) : new Dictionary<string, string>(StringComparer.Ordinal),
            Relations = relations,
        };
    }

    private Dictionary<string, string> Statuses(JsonElement element, string expected)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Null)
        {
            return statuses;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected, $"a section is {HookToolOutputText.Describe(element.ValueKind)}, not an object");
        }

        foreach (var entry in element.EnumerateObject())
        {
            statuses[entry.Name] = entry.Value.ValueKind == JsonValueKind.Object
                ? Text(entry.Value, "status", expected)
                : throw Unexpected(expected, $"the entry of '{entry.Name}' is not an object");
        }

        return statuses;
    }

    /// <summary>The whole standard output, as text (what <c>secret-add</c> prints: the new id).</summary>
    internal string Text() => _result.StandardOutput;

    /// <summary>
    /// The object <c>secret-info-get --format=json</c> prints: one member, the secret's id, holding <c>revision</c>,
    /// <c>owner</c> and, when set, <c>label</c>, <c>rotation</c>, <c>expiry</c> and <c>description</c>.
    /// </summary>
    internal SecretInfo SecretInfo()
    {
        const string expected = "a JSON object of one secret id holding its \"revision\" and \"owner\"";
        var root = Json(expected, allowEmpty: false)!.Value;
        if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1)
        {
            throw Unexpected(expected);
        }

        var entry = root.EnumerateObject().Single();
        var info = entry.Value;
        if (info.ValueKind != JsonValueKind.Object || !info.TryGetProperty("revision", out var revision) || !revision.TryGetInt32(out var number))
        {
            throw Unexpected(expected, "there is no integer \"revision\"");
        }

        string? Optional(string name) => Text(info, name, expected) is { Length: > 0 } value ? value : null;
        var id = entry.Name.StartsWith("secret:", StringComparison.Ordinal) ? entry.Name : "secret:" + entry.Name;
        return new SecretInfo(id, Optional("label"), number, Text(info, "owner", expected), Optional("rotation"), Optional("expiry"), Optional("description"));
    }

    /// <summary>The object <c>storage-get --format=json</c> prints: <c>{"kind": "filesystem"|"block", "location": "…"}</c>.</summary>
    internal StorageDetails StorageDetails()
    {
        const string expected = "a JSON object with \"kind\" (filesystem or block) and \"location\"";
        var root = Json(expected, allowEmpty: false)!.Value;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(expected);
        }

        var kind = Text(root, "kind", expected) switch
        {
            "filesystem" => StorageKind.Filesystem,
            "block" => StorageKind.Block,
            var other => throw Unexpected(expected, $"\"kind\" is '{other}'"),
        };
        return new StorageDetails(kind, Text(root, "location", expected));
    }

    /// <summary>The items of array <paramref name="name"/> of <paramref name="element"/>; a missing or null member is empty.</summary>
    private JsonElement[] Items(JsonElement element, string name, string expected)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToArray()
            : throw Unexpected(expected, $"\"{name}\" is {HookToolOutputText.Describe(value.ValueKind)}, not an array");
    }

    /// <summary>Array <paramref name="name"/> of strings; a missing or null member is empty.</summary>
    private string[] Strings(JsonElement element, string name, string expected)
        => Items(element, name, expected)
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Unexpected(expected, $"an entry of \"{name}\" is not a string"))
            .ToArray();

    /// <summary>String member <paramref name="name"/>; missing or null is empty.</summary>
    private string Text(JsonElement element, string name, string expected)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Unexpected(expected, $"\"{name}\" is {HookToolOutputText.Describe(value.ValueKind)}, not a string");
    }
}

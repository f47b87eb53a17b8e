using System.Globalization;
using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary><c>network-get</c>, answered from <see cref="State.Networks"/> and the charm's endpoints.</summary>
public sealed partial class InMemoryBackend
{
    /// <inheritdoc />
    public Network NetworkGet(string binding, RelationId? relation)
    {
        const string tool = "network-get";
        _calls.Add(new BackendCall(tool, relation is { } r ? $"-r {r.Number.ToString(CultureInfo.InvariantCulture)} {binding}" : binding));
        if (relation is { } id)
        {
            _ = Find(tool, id);
        }

        if (_input.Networks.TryGetValue(binding, out var network))
        {
            return network;
        }

        if (_metadata.Find(binding) is not null)
        {
            return DefaultNetwork(AgentAddress(_unitName));
        }

        throw Fail(tool, Framework.Hosting.JujuAgentRules.NoNetworkConfig(binding));
    }

    /// <summary>
    /// The network Juju gives a binding whose space has one address: interface <c>eth0</c> with
    /// <paramref name="address"/> in its <c>/24</c>, the address as the only ingress address and <c>&lt;address&gt;/32</c>
    /// as the egress subnet. What <c>network-get</c> answers for an endpoint the state gives no network of (with
    /// <see cref="AgentAddress"/>, the address <c>relation-get</c> fills in).
    /// </summary>
    public static Network DefaultNetwork(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        var dot = address.LastIndexOf('.');
        var cidr = dot > 0 && !address.Contains(':', StringComparison.Ordinal) ? address[..(dot + 1)] + "0/24" : address + "/128";
        return new Network
        {
            Interfaces = [new NetworkInterface("eth0", "", [new InterfaceAddress(address, cidr, "")])],
            IngressAddresses = [address],
            EgressSubnets = [address + (address.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")],
        };
    }
}

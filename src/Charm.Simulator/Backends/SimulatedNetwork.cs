using Charm.Framework.Model;

namespace Charm.Simulator.Backends;

/// <summary>
/// The network every binding of a simulated unit has: one interface, <c>eth0</c>, with the unit's one address in its
/// /24; that address is also the ingress address, and the unit's traffic comes from it alone (a /32 egress subnet).
/// </summary>
internal static class SimulatedNetwork
{
    public const string InterfaceName = "eth0";

    public static Network For(string address) => new()
    {
        Interfaces = [new NetworkInterface(InterfaceName, "", [new InterfaceAddress(address, address[..(address.LastIndexOf('.') + 1)] + "0/24", "")])],
        IngressAddresses = [address],
        EgressSubnets = [address + "/32"],
    };
}

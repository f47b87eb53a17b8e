namespace Charm.Framework.Model;

/// <summary>
/// What <c>network-get</c> answers for a binding (an endpoint or an extra binding): the interfaces and addresses in the
/// binding's space, the addresses other units should use to reach this one, and the subnets its traffic comes from.
/// </summary>
public sealed record Network
{
    /// <summary>The interfaces in the binding's space (Juju's <c>bind-addresses</c>), each with its addresses.</summary>
    public required IReadOnlyList<NetworkInterface> Interfaces { get; init; }

    /// <summary>Juju's <c>ingress-addresses</c>: what the unit advertises for incoming connections, preferred first.</summary>
    public required IReadOnlyList<string> IngressAddresses { get; init; }

    /// <summary>Juju's <c>egress-subnets</c>: the subnets (CIDR) the unit's outgoing traffic on this binding comes from.</summary>
    public required IReadOnlyList<string> EgressSubnets { get; init; }

    /// <summary>
    /// The address to listen on: the first address of the first interface that has one (what <c>network-get
    /// --bind-address</c> prints), or <see langword="null"/> when the binding's space has no address.
    /// </summary>
    public string? BindAddress => Interfaces.SelectMany(i => i.Addresses).Select(a => a.Value).FirstOrDefault();

    /// <summary>The preferred ingress address, or <see langword="null"/> when Juju gave none.</summary>
    public string? IngressAddress => IngressAddresses.Count > 0 ? IngressAddresses[0] : null;
}

/// <summary>One interface of a binding's space.</summary>
/// <param name="Name">Juju's <c>interface-name</c>, e.g. <c>eth0</c>.</param>
/// <param name="MacAddress">Juju's <c>mac-address</c> (may be empty).</param>
/// <param name="Addresses">Its addresses.</param>
public sealed record NetworkInterface(string Name, string MacAddress, IReadOnlyList<InterfaceAddress> Addresses);

/// <summary>One address of an interface.</summary>
/// <param name="Value">The address, e.g. <c>10.0.0.5</c> (Juju's <c>value</c>).</param>
/// <param name="Cidr">Its subnet, e.g. <c>10.0.0.0/24</c> (may be empty).</param>
/// <param name="Hostname">Its host name (usually empty).</param>
public sealed record InterfaceAddress(string Value, string Cidr, string Hostname);

/// <summary>
/// A binding of this unit: an endpoint (or extra binding) of the charm, optionally for one relation on it, with its
/// <see cref="Network"/> read by <c>network-get</c> on first use and kept for the rest of the hook.
/// </summary>
public sealed class Binding
{
    private readonly Func<Network> _read;
    private Network? _network;

    internal Binding(string name, RelationId? relation, Func<Network> read)
    {
        Name = name;
        Relation = relation;
        _read = read;
    }

    /// <summary>The endpoint or extra-binding name.</summary>
    public string Name { get; }

    /// <summary>The relation this binding is asked for (<c>network-get -r</c>), if any.</summary>
    public RelationId? Relation { get; }

    /// <summary>The binding's network.</summary>
    /// <exception cref="BindingNotFoundException">Juju has no network config for the binding.</exception>
    /// <exception cref="RelationNotFoundException">The relation is gone.</exception>
    public Network Network => _network ??= _read();

    /// <inheritdoc />
    public override string ToString() => Relation is { } r ? $"{Name} ({r})" : Name;
}

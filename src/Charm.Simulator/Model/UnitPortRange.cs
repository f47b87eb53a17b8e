using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>A port range a unit opened with <c>open-port</c>, for one endpoint or (<see cref="Endpoint"/> <see langword="null"/>) all of them.</summary>
/// <param name="Endpoint">The endpoint of <c>--endpoints</c>, or <see langword="null"/> when the range is open for every endpoint.</param>
/// <param name="Range">The range (<c>8443/tcp</c>, <c>8000-8999/udp</c>, <c>icmp</c>).</param>
public readonly record struct UnitPortRange(string? Endpoint, OpenedPort Range)
{
    /// <summary>As <c>opened-ports</c> prints a range: <c>8443/tcp</c>, <c>8000-8999/udp</c> or <c>icmp</c>.</summary>
    public override string ToString() => Endpoint is null ? Range.ToString() : $"{Range} ({Endpoint})";
}

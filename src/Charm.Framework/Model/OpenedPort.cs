using System.Globalization;

namespace Charm.Framework.Model;

/// <summary>
/// A port (or range) the unit opens to the outside, as <c>open-port</c> takes it and <c>opened-ports</c> lists it:
/// <c>8443/tcp</c>, <c>8000-8999/udp</c>, or <c>icmp</c> (no port).
/// </summary>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>icmp</c>.</param>
/// <param name="Port">The port (the first of a range); <see langword="null"/> for <c>icmp</c>.</param>
/// <param name="ToPort">The last port of a range, or <see langword="null"/>.</param>
public readonly record struct OpenedPort(string Protocol, int? Port, int? ToPort = null)
{
    /// <summary>A TCP port.</summary>
    public static OpenedPort Tcp(int port) => new("tcp", port);

    /// <summary>A UDP port.</summary>
    public static OpenedPort Udp(int port) => new("udp", port);

    /// <summary>ICMP.</summary>
    public static OpenedPort Icmp { get; } = new("icmp", null);

    /// <summary>Juju's form: <c>8443/tcp</c>, <c>8000-8999/udp</c> or <c>icmp</c>.</summary>
    public override string ToString()
        => Port is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"{p}{(ToPort is { } t ? "-" + t.ToString(CultureInfo.InvariantCulture) : "")}/{Protocol}")
            : Protocol;

    /// <summary>Checks the port the way the agent would, with a message that says what is allowed.</summary>
    /// <exception cref="ArgumentException">The protocol is not tcp/udp/icmp, icmp has a port, or tcp/udp a missing or out-of-range one.</exception>
    public void Validate()
    {
        if (Protocol is not ("tcp" or "udp" or "icmp"))
        {
            throw new ArgumentException($"'{Protocol}' is not a protocol Juju opens ports for; use tcp, udp or icmp.", nameof(Protocol));
        }

        if (Protocol == "icmp")
        {
            if (Port is not null || ToPort is not null)
            {
                throw new ArgumentException("icmp has no port; open it as OpenedPort.Icmp.", nameof(Port));
            }

            return;
        }

        if (Port is not (>= 1 and <= 65535) || ToPort is { } to && (to < Port || to > 65535))
        {
            throw new ArgumentException($"'{this}' is not a port (range) Juju opens: {Protocol} needs a port from 1 to 65535 (and a range's end no lower than its start).", nameof(Port));
        }
    }

    /// <summary>Reads Juju's form (<see cref="ToString"/>).</summary>
    /// <exception cref="FormatException">It is not of that form.</exception>
    public static OpenedPort Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return text is "icmp" or "tcp" or "udp" ? new OpenedPort(text, null) : throw Bad(text);
        }

        var range = text[..slash];
        var protocol = text[(slash + 1)..];
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (!int.TryParse(dash < 0 ? range : range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            throw Bad(text);
        }

        int? to = null;
        if (dash >= 0)
        {
            to = int.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var end) ? end : throw Bad(text);
        }

        return new OpenedPort(protocol, from, to == from ? null : to);
    }

    private static FormatException Bad(string text) => new($"'{text}' is not a port as Juju lists them ('8443/tcp', '8000-8999/udp' or 'icmp').");
}

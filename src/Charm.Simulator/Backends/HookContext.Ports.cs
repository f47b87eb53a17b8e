using System.Globalization;
using Charm.Framework.Model;
using Charm.Simulator.Model;

namespace Charm.Simulator.Backends;

// Ports: open-port, close-port and opened-ports under the rules of Juju's port-range change recorder (the unit agent's
// hook context): requests are held until the hook succeeds, a range that overlaps another one open or requested is
// refused, an exact repeat is a no-op, and opened-ports shows the open ranges with this hook's requests applied.
internal sealed partial class HookContext
{
    private readonly List<(string Endpoint, PortSpan Range)> _pendingOpens = [];
    private readonly List<(string Endpoint, PortSpan Range)> _pendingCloses = [];

    /// <summary>
    /// Reads a port range as Juju's <c>network.ParsePortRange</c> does (<c>80</c>, <c>80/tcp</c>, <c>1000-2000/udp</c>,
    /// <c>icmp</c>; tcp when no protocol is given; case-insensitive), with its error texts (usage errors: the tools parse
    /// the range before they run).
    /// </summary>
    public static PortSpan ParsePortRange(string text)
    {
        var lower = text.ToLowerInvariant();
        var protocol = "tcp";
        var slash = lower.IndexOf('/', StringComparison.Ordinal);
        var ports = lower;
        if (slash >= 0)
        {
            ports = lower[..slash];
            protocol = lower[(slash + 1)..];
        }

        var parts = ports.Split('-');
        int from, to;
        if (parts.Length > 2)
        {
            throw HookToolError.Usage($"invalid port range \"{ports}\"");
        }

        if (parts.Length == 1)
        {
            if (parts[0] == "icmp")
            {
                (from, to) = (-1, -1);
            }
            else
            {
                from = to = GoAtoi(parts[0], ports);
            }
        }
        else
        {
            from = GoAtoi(parts[0], parts[0]);
            to = GoAtoi(parts[1], parts[1]);
        }

        var span = new PortSpan(from, to, from == -1 ? "icmp" : protocol);
        return span.Problem() is { } problem ? throw HookToolError.Usage(problem) : span;
    }

    /// <summary>The endpoints of <c>--endpoints a,b</c> (each trimmed); <c>""</c> stands for all of them, as when the option is left out.</summary>
    public IReadOnlyList<string> PortEndpoints(string? endpoints)
    {
        if (string.IsNullOrEmpty(endpoints))
        {
            return [""];
        }

        var names = endpoints.Split(',').Select(e => e.Trim()).ToList();
        foreach (var name in names.Where(n => n.Length > 0))
        {
            if (Unit.Application.Metadata.Find(name) is null && Unit.Application.Metadata.Endpoints.Count > 0)
            {
                // An endpoint the charm does not declare: refused at the call, naming the declared ones.
                throw HookToolError.Refused($"endpoint \"{name}\" is not one of {AppName}'s endpoints ({string.Join(", ", Unit.Application.Metadata.Endpoints.Select(e => e.Name))})");
            }
        }

        return names;
    }

    /// <summary><c>open-port &lt;range&gt; [--endpoints a,b]</c> for one endpoint (<c>""</c>: all); held until the hook succeeds.</summary>
    public void OpenPort(string endpoint, PortSpan range)
    {
        lock (_gate)
        {
            EnsureOpen();
            _pendingCloses.Remove((endpoint, range));
            if (Conflict(endpoint, range, _pendingOpens, pending: true) is { } pendingHit)
            {
                if (pendingHit.Length > 0)
                {
                    throw HookToolError.Refused($"cannot open {range} (unit \"{Unit.Name}\"): {pendingHit}");
                }

                return;
            }

            if (Conflict(endpoint, range, Committed(), pending: false) is { } hit)
            {
                if (hit.Length > 0)
                {
                    throw HookToolError.Refused($"cannot open {range} (unit \"{Unit.Name}\"): {hit}");
                }

                return;
            }

            _pendingOpens.Add((endpoint, range));
        }
    }

    /// <summary><c>close-port &lt;range&gt; [--endpoints a,b]</c> for one endpoint (<c>""</c>: all); held until the hook succeeds.</summary>
    public void ClosePort(string endpoint, PortSpan range)
    {
        lock (_gate)
        {
            EnsureOpen();
            _pendingOpens.Remove((endpoint, range));
            if (Conflict(endpoint, range, _pendingCloses, pending: true) is { } pendingHit)
            {
                if (pendingHit.Length > 0)
                {
                    throw HookToolError.Refused($"cannot close {range} (unit \"{Unit.Name}\"): {pendingHit}");
                }

                return;
            }

            var committed = Committed();
            if (Conflict(endpoint, range, committed, pending: false) is { Length: > 0 } hit)
            {
                throw HookToolError.Refused($"cannot close {range} (unit \"{Unit.Name}\"): {hit}");
            }

            // Nothing open on the machine: closing is a no-op.
            if (committed.Count > 0)
            {
                _pendingCloses.Add((endpoint, range));
            }
        }
    }

    /// <summary><c>opened-ports</c>: the open ranges with this hook's requests applied, by endpoint (<c>""</c>: all), in Juju's order.</summary>
    public IReadOnlyList<(string Endpoint, PortSpan Range)> OpenedPorts()
    {
        lock (_gate)
        {
            EnsureOpen();
            return Merged();
        }
    }

    /// <summary>Each range of <paramref name="ports"/> once, in Juju's order: what <c>opened-ports</c> lists without <c>--endpoints</c>.</summary>
    public static IReadOnlyList<PortSpan> UniqueRanges(IReadOnlyList<(string Endpoint, PortSpan Range)> ports)
        => [.. ports.Select(p => p.Range).Distinct().Order(Comparer<PortSpan>.Create(PortSpan.Compare))];

    /// <summary>One port range as Juju holds it: icmp is <c>-1</c> to <c>-1</c>.</summary>
    public readonly record struct PortSpan(int From, int To, string Protocol)
    {
        /// <summary>Juju's form: <c>80/tcp</c>, <c>1000-2000/udp</c>, <c>icmp</c>.</summary>
        public override string ToString()
            => Protocol == "icmp" ? "icmp"
                : From == To ? string.Create(CultureInfo.InvariantCulture, $"{From}/{Protocol}")
                : string.Create(CultureInfo.InvariantCulture, $"{From}-{To}/{Protocol}");

        /// <summary>The framework's value for it.</summary>
        public OpenedPort ToOpenedPort() => Protocol == "icmp" ? OpenedPort.Icmp : new OpenedPort(Protocol, From, From == To ? null : To);

        /// <summary>Juju's ordering of ranges: by protocol, then first port, then last.</summary>
        public static int Compare(PortSpan x, PortSpan y)
        {
            var byProtocol = string.CompareOrdinal(x.Protocol, y.Protocol);
            return byProtocol != 0 ? byProtocol : x.From != y.From ? x.From.CompareTo(y.From) : x.To.CompareTo(y.To);
        }

        /// <summary>Whether the two overlap (same protocol, shared ports).</summary>
        public bool ConflictsWith(PortSpan other) => Protocol == other.Protocol && To >= other.From && other.To >= From;

        /// <summary>Why Juju's <c>PortRange.Validate</c> refuses it, in its words, or null.</summary>
        public string? Problem()
        {
            if (Protocol is not ("tcp" or "udp" or "icmp"))
            {
                return $"invalid protocol \"{Protocol}\", expected \"tcp\", \"udp\", or \"icmp\"";
            }

            if (Protocol == "icmp")
            {
                return From == -1 && To == -1 ? null : $"protocol \"icmp\" doesn't support any ports; got \"{From.ToString(CultureInfo.InvariantCulture)}\"";
            }

            if (From > To)
            {
                return $"invalid port range {this}";
            }

            return From is < 0 or > 65535 || To is < 0 or > 65535
                ? string.Create(CultureInfo.InvariantCulture, $"port range bounds must be between 0 and 65535, got {From}-{To}")
                : null;
        }
    }

    /// <summary>Go's <c>strconv.Atoi</c> with Juju's annotation of its failure.</summary>
    private static int GoAtoi(string text, string shown)
    {
        var body = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        if (body.Length == 0 || !body.All(char.IsAsciiDigit))
        {
            throw HookToolError.Usage($"invalid port \"{shown}\": strconv.Atoi: parsing \"{text}\": invalid syntax");
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw HookToolError.Usage($"invalid port \"{shown}\": strconv.Atoi: parsing \"{text}\": value out of range");
    }

    /// <summary>
    /// Juju's conflict check of <paramref name="range"/> against this unit's <paramref name="existing"/> ranges: null for
    /// none, <c>""</c> for the same range on the same endpoint (the request is a no-op), or the conflict's text.
    /// </summary>
    private string? Conflict(string endpoint, PortSpan range, IReadOnlyList<(string Endpoint, PortSpan Range)> existing, bool pending)
    {
        foreach (var (otherEndpoint, other) in existing)
        {
            if (!range.ConflictsWith(other))
            {
                continue;
            }

            if (range == other)
            {
                if (endpoint != otherEndpoint)
                {
                    continue;
                }

                return "";
            }

            return $"port range conflicts with {other} (unit \"{Unit.Name}\"){(pending ? " requested earlier" : "")}";
        }

        return null;
    }

    private List<(string Endpoint, PortSpan Range)> Committed()
        => [.. Unit.OpenedPorts.Select(p => (p.Endpoint ?? "", SpanOf(p.Range)))];

    private List<(string Endpoint, PortSpan Range)> Merged()
    {
        var merged = Committed();
        foreach (var open in _pendingOpens.Where(o => !merged.Contains(o)))
        {
            merged.Add(open);
        }

        merged.RemoveAll(_pendingCloses.Contains);
        merged.Sort((x, y) => string.CompareOrdinal(x.Endpoint, y.Endpoint) is var byEndpoint and not 0 ? byEndpoint : PortSpan.Compare(x.Range, y.Range));
        return merged;
    }

    /// <summary>The hook succeeded: its port requests take effect.</summary>
    private void CommitPorts()
        => Unit.OpenedPorts = (UnitPortRange[])[.. Merged().Select(p => new UnitPortRange(p.Endpoint.Length == 0 ? null : p.Endpoint, p.Range.ToOpenedPort()))];

    private static PortSpan SpanOf(OpenedPort port)
        => port.Port is { } from ? new PortSpan(from, port.ToPort ?? from, port.Protocol) : new PortSpan(-1, -1, "icmp");
}

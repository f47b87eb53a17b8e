using System.Globalization;
using System.Text;

namespace Charm.Simulator.Microcluster;

/// <summary>
/// An in-process stand-in for the microcluster daemons of many hosts, driven by the same CLI words a charm runs
/// (<c>bootstrap</c>, <c>add</c>, <c>join</c>, <c>list -f json</c>, <c>remove</c>) and failing the way the real
/// daemon fails (<c>docs/microcluster-cli.md</c>). Several independent clusters may exist; a host belongs to at most
/// one. Time comes from an <see cref="ISimulationClock"/> and randomness from a seed, so a run replays. Thread-safe:
/// every operation runs under one lock, and none of them sleeps.
/// </summary>
public sealed partial class FakeMicrocluster
{
    /// <summary>Matches every host or every command in the fault-injection methods.</summary>
    public const string Any = "*";

    /// <summary>What a redacted join token reads in <see cref="ListCalls"/>.</summary>
    public const string RedactedToken = "<token>";

    private const string NotInitialized = "Daemon not yet initialized";
    private const string AlreadyInitialized = "Unable to initialize cluster: Database is online";

    private static readonly FlagSpec[] NoFlags = [];
    private static readonly FlagSpec[] ListFlags = [new("format", 'f', TakesValue: true, "Format (csv|json|table) (default \"table\")")];
    private static readonly FlagSpec[] RemoveFlags = [new("force", null, TakesValue: false, "Forcibly remove the cluster member")];

    private readonly Lock _gate = new();
    private readonly ISimulationClock _clock;
    private readonly Random _random;
    private readonly string[] _extensions;
    private readonly List<ClusterState> _clusters = [];
    private readonly Dictionary<string, ClusterState> _clusterOfHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _addressOfHost = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assignedAddresses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachableHosts = new(StringComparer.Ordinal);
    private readonly List<FaultRule> _faults = [];
    private readonly List<MicroclusterCall> _calls = [];
    private long _memberSequence;

    /// <summary>Creates an empty world: no host is in a cluster yet.</summary>
    /// <param name="clock">The simulation clock (token expiry, heartbeats).</param>
    /// <param name="options">Settings; <see langword="null"/> takes the real daemon's defaults and seed 0.</param>
    public FakeMicrocluster(ISimulationClock clock, FakeMicroclusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new FakeMicroclusterOptions();
        options.Validate();
        _clock = clock;
        Options = options;
        _random = new Random(options.Seed);
        _extensions = [.. options.Extensions];
    }

    /// <summary>The settings this instance runs with.</summary>
    public FakeMicroclusterOptions Options { get; }

    /// <summary>
    /// Runs one CLI call on <paramref name="hostName"/>, as <c>&lt;cli&gt; args…</c> would on that host.
    /// </summary>
    /// <param name="hostName">The host (unit machine) the command runs on; it is also the member name.</param>
    /// <param name="args">The words after the command prefix, e.g. <c>["join", token, "--address=…"]</c>.</param>
    /// <returns>Exit code, standard output and standard error; <see cref="CliResult.TimedOut"/> for an injected hang.</returns>
    public CliResult Execute(string hostName, IReadOnlyList<string> args)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(args);
        lock (_gate)
        {
            DateTimeOffset now = _clock.Now;
            CatchUp(now);
            string command = args.Count > 0 ? args[0] : string.Empty;
            FaultRule? fault = TakeFault(hostName, command);
            CliResult result;
            if (fault is null)
            {
                result = Run(hostName, args, now);
            }
            else
            {
                if (fault.ApplyCommand)
                {
                    _ = Run(hostName, args, now);
                }

                result = fault.Result;
            }

            _calls.Add(new MicroclusterCall(
                _calls.Count + 1, now, hostName, Redact(args), result.ExitCode, result.TimedOut, fault is not null));
            return result;
        }
    }

    /// <summary>Makes every outstanding token expire now; a join with one is rejected as expired (and purges it).</summary>
    /// <returns>How many tokens were still valid.</returns>
    public int ExpireAllTokens()
    {
        lock (_gate)
        {
            DateTimeOffset now = _clock.Now;
            int expired = 0;
            foreach (TokenRecord token in _clusters.SelectMany(c => c.Tokens))
            {
                if (!token.IsExpiredAt(now))
                {
                    token.ExpiresAt = now;
                    expired++;
                }
            }

            return expired;
        }
    }

    /// <summary>The tokens issued and neither used nor purged yet, without their secrets, by cluster then issue order.</summary>
    public IReadOnlyList<JoinTokenSnapshot> ListOutstandingTokens()
    {
        lock (_gate)
        {
            DateTimeOffset now = _clock.Now;
            return
            [
                .. _clusters.SelectMany(cluster => cluster.Tokens.Select(t =>
                    new JoinTokenSnapshot(cluster.Id, t.Name, t.IssuedBy, t.IssuedAt, t.ExpiresAt, t.IsExpiredAt(now)))),
            ];
        }
    }

    /// <summary>Every cluster in bootstrap order, with its members ordered by name, as of the clock's now.</summary>
    public IReadOnlyList<ClusterSnapshot> ListClusters()
    {
        lock (_gate)
        {
            CatchUp(_clock.Now);
            return [.. _clusters.Select(c => new ClusterSnapshot(c.Id, c.Fingerprint, SnapshotMembers(c)))];
        }
    }

    /// <summary>Every call so far, in order, with join tokens redacted as <see cref="RedactedToken"/>.</summary>
    public IReadOnlyList<MicroclusterCall> ListCalls()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    /// <summary>The id of the cluster <paramref name="hostName"/> is a member of, or <see langword="null"/>.</summary>
    public string? ClusterIdOf(string hostName)
    {
        lock (_gate)
        {
            return _clusterOfHost.TryGetValue(hostName, out ClusterState? cluster) ? cluster.Id : null;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static CliResult JoinFailure(DecodedJoinToken token, string lastError) =>
        CliResult.Failure(Invariant($"{token.JoinAddresses.Count} join attempts were unsuccessful. Last error: {lastError}"));

    private CliResult Bootstrap(string hostName, string[] extraArguments, DateTimeOffset now)
    {
        if (RefuseInitialization(hostName) is { } refused)
        {
            return refused;
        }

        string certificate = FakeCertificate.Create(_random);
        var cluster = new ClusterState(
            Invariant($"cluster-{_clusters.Count + 1}"), FakeCertificate.Fingerprint(certificate), now + Options.HeartbeatInterval);
        _clusters.Add(cluster);
        AddMember(cluster, hostName, extraArguments);
        return CliResult.Success();
    }

    private CliResult IssueToken(string hostName, string name, DateTimeOffset now)
    {
        if (!_clusterOfHost.TryGetValue(hostName, out ClusterState? cluster))
        {
            return CliResult.Failure(NotInitialized);
        }

        if (!HostNames.IsValid(name))
        {
            return CliResult.Failure($"Token name \"{name}\" is not a valid FQDN");
        }

        cluster.PurgeExpiredTokens(now);
        if (cluster.FindMember(name) is not null)
        {
            return CliResult.Failure($"Cluster member name \"{name}\" is taken");
        }

        if (cluster.Tokens.Exists(t => t.Name == name))
        {
            return CliResult.Failure($"Join token name \"{name}\" is taken");
        }

        var secretBytes = new byte[32];
        _random.NextBytes(secretBytes);
        string secret = Convert.ToHexStringLower(secretBytes);
        cluster.Tokens.Add(new TokenRecord(name, secret, hostName, now, now + Options.TokenLifetime));
        return CliResult.Success(JoinTokenCodec.Encode(secret, cluster.Fingerprint, cluster.Members.Select(m => m.Address)) + "\n");
    }

    private CliResult Join(string hostName, string token, string[] extraArguments, DateTimeOffset now)
    {
        if (RefuseInitialization(hostName) is { } refused)
        {
            return refused;
        }

        if (!JoinTokenCodec.TryDecode(token, out DecodedJoinToken? decoded, out string decodeError))
        {
            return CliResult.Failure("Invalid join token: " + decodeError);
        }

        // Like the real daemon, try the join addresses in order until one answers with the token's certificate.
        ClusterState? cluster = null;
        string lastError = "no cluster member answered at the join addresses";
        foreach (string address in decoded.JoinAddresses)
        {
            (ClusterState Cluster, MemberState Member)? contact = FindMemberByAddress(address);
            if (contact is null || _unreachableHosts.Contains(contact.Value.Member.Name))
            {
                lastError = $"Failed to connect to cluster member at \"{address}\"";
            }
            else if (contact.Value.Cluster.Fingerprint != decoded.Fingerprint)
            {
                lastError = $"Cluster certificate at \"{address}\" does not match the join token fingerprint";
            }
            else
            {
                cluster = contact.Value.Cluster;
                break;
            }
        }

        if (cluster is null)
        {
            return JoinFailure(decoded, lastError);
        }

        TokenRecord? record = cluster.Tokens.Find(t => t.Secret == decoded.Secret);
        if (record is null)
        {
            return JoinFailure(decoded, "Join token not found: the secret is unknown or was already used");
        }

        if (record.IsExpiredAt(now))
        {
            cluster.PurgeExpiredTokens(now);
            return JoinFailure(decoded, "Join token has expired");
        }

        if (record.Name != hostName)
        {
            return JoinFailure(decoded, $"Joining member name \"{hostName}\" does not match the join token name \"{record.Name}\"");
        }

        cluster.Tokens.Remove(record);
        AddMember(cluster, hostName, extraArguments);
        return CliResult.Success();
    }

    private CliResult List(string hostName, string format) =>
        _clusterOfHost.TryGetValue(hostName, out ClusterState? cluster)
            ? CliResult.Success(MemberListFormatter.Format(format, SnapshotMembers(cluster)))
            : CliResult.Failure(NotInitialized);

    private CliResult Remove(string hostName, string name)
    {
        if (!_clusterOfHost.TryGetValue(hostName, out ClusterState? cluster))
        {
            return CliResult.Failure(NotInitialized);
        }

        MemberState? target = cluster.FindMember(name);
        if (target is null)
        {
            return CliResult.Failure($"Cluster member \"{name}\" not found");
        }

        if (cluster.Members.Count < 2)
        {
            return CliResult.Failure(Invariant($"Cannot leave a cluster with {cluster.Members.Count} members"));
        }

        if (!cluster.Members.Exists(m => m != target && m.Role != MicroclusterRole.Pending))
        {
            return CliResult.Failure("Cannot remove cluster members, there are no remaining non-pending members");
        }

        cluster.Members.Remove(target);
        _clusterOfHost.Remove(target.Name);
        return CliResult.Success();
    }

    /// <summary>Why <paramref name="hostName"/> may not bootstrap or join, or null when it may.</summary>
    private CliResult? RefuseInitialization(string hostName)
    {
        if (_clusterOfHost.ContainsKey(hostName))
        {
            return CliResult.Failure(AlreadyInitialized);
        }

        return HostNames.IsValid(hostName)
            ? null
            : CliResult.Failure($"Cluster member name \"{hostName}\" is not a valid FQDN");
    }

    private void AddMember(ClusterState cluster, string hostName, string[] extraArguments)
    {
        var member = new MemberState(hostName, AddressOf(hostName), FakeCertificate.Create(_random), ++_memberSequence, extraArguments);
        cluster.Members.Add(member);
        _clusterOfHost[hostName] = cluster;
    }

    /// <summary>A host keeps one address for the whole run, drawn from the seeded generator when first needed.</summary>
    private string AddressOf(string hostName)
    {
        if (_addressOfHost.TryGetValue(hostName, out string? address))
        {
            return address;
        }

        do
        {
            address = Invariant($"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}:{Options.Port}");
        }
        while (!_assignedAddresses.Add(address));

        _addressOfHost[hostName] = address;
        return address;
    }

    private (ClusterState Cluster, MemberState Member)? FindMemberByAddress(string address)
    {
        foreach (ClusterState cluster in _clusters)
        {
            MemberState? member = cluster.Members.Find(m => m.Address == address);
            if (member is not null)
            {
                return (cluster, member);
            }
        }

        return null;
    }

    private ClusterMemberSnapshot[] SnapshotMembers(ClusterState cluster) =>
    [
        .. cluster.Members
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new ClusterMemberSnapshot(
                m.Name,
                m.Address,
                m.Certificate,
                m.Role,
                Options.SchemaInternalVersion,
                Options.SchemaExternalVersion,
                m.LastHeartbeat,
                _unreachableHosts.Contains(m.Name) ? MicroclusterMemberStatus.Unreachable : MicroclusterMemberStatus.Online,
                _extensions,
                m.ExtraArguments)),
    ];
}

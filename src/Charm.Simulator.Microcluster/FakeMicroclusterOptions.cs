namespace Charm.Simulator.Microcluster;

/// <summary>Settings of a <see cref="FakeMicrocluster"/>; the defaults are the real daemon's.</summary>
public sealed class FakeMicroclusterOptions
{
    /// <summary>Seeds every random choice (secrets, certificates, addresses), so a run with the same calls replays.</summary>
    public int Seed { get; init; }

    /// <summary>How long a join token is accepted after <c>add</c>. Default 3 hours (microovn, microctl).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How often each cluster runs its heartbeat, which assigns roles. Default 10 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set (the default), every call (and <see cref="FakeMicrocluster.ListClusters"/>) first runs the heartbeats
    /// that fell due on the clock since the last call; when clear, heartbeats run only through <see cref="FakeMicrocluster.Heartbeat"/> and
    /// <see cref="FakeMicrocluster.AdvanceTo"/>.
    /// </summary>
    public bool AutomaticHeartbeats { get; init; } = true;

    /// <summary>How many voters a heartbeat appoints. Default 3 (dqlite).</summary>
    public int Voters { get; init; } = 3;

    /// <summary>How many stand-bys a heartbeat appoints after the voters. Default 3 (dqlite).</summary>
    public int StandBys { get; init; } = 3;

    /// <summary>The command prefix shown in usage messages, e.g. <c>microctl</c> or <c>microovn cluster</c>.</summary>
    public string CommandName { get; init; } = "microctl";

    /// <summary>The port of every member address. Default 7443.</summary>
    public int Port { get; init; } = 7443;

    /// <summary>The <c>schema_internal_version</c> every member reports.</summary>
    public int SchemaInternalVersion { get; init; } = 7;

    /// <summary>The <c>schema_external_version</c> every member reports.</summary>
    public int SchemaExternalVersion { get; init; } = 1;

    /// <summary>The <c>extensions</c> every member reports.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = ["internal:runtime_extension_v1"];

    internal void Validate()
    {
        if (TokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenLifetime), TokenLifetime, "The token lifetime must be positive.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "The heartbeat interval must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Voters, 1, nameof(Voters));
        ArgumentOutOfRangeException.ThrowIfNegative(StandBys, nameof(StandBys));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentException.ThrowIfNullOrWhiteSpace(CommandName, nameof(CommandName));
        ArgumentNullException.ThrowIfNull(Extensions, nameof(Extensions));
    }
}

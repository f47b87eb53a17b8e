namespace Charm.TokenDistributor.Consumer;

/// <summary>Tuning for <see cref="TokenConsumer"/>; the defaults suit microcluster's own defaults.</summary>
public sealed record TokenConsumerOptions
{
    /// <summary>
    /// How long a join token stays valid. The communicator re-issues a token whose host has not joined within this
    /// time (microcluster purges expired tokens, so a fresh <c>add</c> then succeeds). Default: 3 hours, microovn's and
    /// microctl's default token lifetime; set it to what your workload's <c>--expire-after</c> is.
    /// </summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How long any one cluster CLI call may run before it is killed. Default: 60 s.</summary>
    public TimeSpan CliTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// At most how many join tokens the communicator issues (<c>&lt;cli&gt; add</c> calls) in one hook; the other hosts
    /// get theirs in later hooks (the event is deferred). Bounds a hook's length whatever the mirror holds. Default: 16.
    /// </summary>
    public int MaxTokensPerHook { get; init; } = 16;

    /// <summary>
    /// At most how long the communicator's hook waits for <c>PENDING</c> members to get their roles before it defers its
    /// mirror step to a later hook: it lists the members again every <see cref="PendingPollInterval"/> and carries on in
    /// the same hook as soon as none is <c>PENDING</c>. The waits run on <see cref="TimeProvider"/> (the hook's clock).
    /// Default: 10 s, one microcluster heartbeat (<c>DefaultHeartbeatInterval</c>): a new member is <c>PENDING</c> until
    /// the leader's next heartbeat. <see cref="TimeSpan.Zero"/> turns the wait off (defer at once).
    /// </summary>
    public TimeSpan PendingWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the communicator waits between two listings while a member is <c>PENDING</c> (see <see cref="PendingWait"/>). Default: 2 s.</summary>
    public TimeSpan PendingPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The clock used for token lifetimes. Left at <see cref="TimeProvider.System"/> (the default), the consumer reads the
    /// hook's clock (<c>CharmContext.Time</c>): the system clock on real Juju, the simulated time under the simulator.
    /// Any other provider is used as given (e.g. a test's fake clock).
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

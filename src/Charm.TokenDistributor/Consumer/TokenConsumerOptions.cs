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
    /// The clock used for token lifetimes. Left at <see cref="TimeProvider.System"/> (the default), the consumer reads the
    /// hook's clock (<c>CharmContext.Time</c>): the system clock on real Juju, the simulated time under the simulator.
    /// Any other provider is used as given (e.g. a test's fake clock).
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

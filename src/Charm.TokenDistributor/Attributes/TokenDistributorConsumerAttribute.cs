namespace Charm.TokenDistributor;

/// <summary>
/// Makes a <c>partial</c> charm class a token distributor consumer on <see cref="Relation"/>: the source generator adds
/// the typed cluster events, the hook wiring and the mirror accessors. Apply once per cluster relation.
/// </summary>
/// <example><code>[TokenDistributorConsumer("cluster", "microovn", "cluster")] public partial class MicroOvnCharm : CharmBase { }</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TokenDistributorConsumerAttribute : Attribute
{
    /// <summary>Declares the consumer.</summary>
    /// <param name="relation">The <c>requires</c> endpoint related to the distributor, e.g. <c>cluster</c>.</param>
    /// <param name="command">The cluster CLI, one word per argument: <c>"microctl"</c>, or <c>"microovn", "cluster"</c>.</param>
    public TokenDistributorConsumerAttribute(string relation, params string[] command)
    {
        Relation = relation;
        Command = command;
    }

    /// <summary>The relation endpoint.</summary>
    public string Relation { get; }

    /// <summary>The cluster CLI command prefix.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>How long a join token lives, in seconds (default 10800: 3 hours).</summary>
    public int TokenLifetimeSeconds { get; set; } = 10800;

    /// <summary>How long a cluster CLI call may run, in seconds (default 60).</summary>
    public int CliTimeoutSeconds { get; set; } = 60;
}

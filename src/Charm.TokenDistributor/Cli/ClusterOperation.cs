namespace Charm.TokenDistributor.Cli;

/// <summary>The cluster subcommands the token distributor runs.</summary>
internal enum ClusterOperation
{
    /// <summary><c>&lt;cli&gt; bootstrap [args]</c>: create a one-member cluster.</summary>
    Bootstrap,

    /// <summary><c>&lt;cli&gt; add &lt;name&gt;</c>: issue a join token for a host.</summary>
    Add,

    /// <summary><c>&lt;cli&gt; join &lt;token&gt; [args]</c>: join a cluster with a token.</summary>
    Join,

    /// <summary><c>&lt;cli&gt; list -f json</c>: the members, as JSON.</summary>
    List,

    /// <summary><c>&lt;cli&gt; remove &lt;name&gt;</c>: remove a member.</summary>
    Remove,
}

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// The well-known reasons a cluster command fails, recognised from its standard error (see
/// <see cref="ClusterFailureClassifier"/> for the exact texts matched).
/// </summary>
internal enum ClusterFailure
{
    /// <summary>Not a known reason (or the command did not fail with an exit code at all).</summary>
    Other,

    /// <summary><c>bootstrap</c> or <c>join</c> on a node that is already a cluster member ("Unable to initialize cluster: Database is online").</summary>
    AlreadyInitialised,

    /// <summary><c>add</c>, <c>list</c> or <c>remove</c> on a node that is not a cluster member ("Daemon not yet initialized").</summary>
    NotInitialised,

    /// <summary><c>remove</c> of the only member ("Cannot leave a cluster with 1 members"): a normal outcome when the last unit goes away.</summary>
    LastMember,

    /// <summary><c>remove</c> refused because no non-pending member would remain; it may succeed once pending members get a role.</summary>
    NoNonPendingMembers,

    /// <summary><c>remove</c> of a name that is not a member.</summary>
    UnknownMember,

    /// <summary>
    /// <c>join</c> refused the token for good: malformed, unknown or already used secret, expired, issued for another host
    /// name, or issued by another cluster. Retrying with the same token cannot succeed; a fresh token is needed.
    /// </summary>
    TokenRejected,

    /// <summary><c>add</c> for a name that is already a member or already holds a token ("… is taken").</summary>
    NameTaken,

    /// <summary>The member name (given to <c>add</c>, or this node's name for <c>bootstrap</c>/<c>join</c>) is not a valid host name.</summary>
    InvalidName,
}

namespace Charm.TokenDistributor.Cli;

/// <summary>How a cluster command went wrong.</summary>
internal enum ClusterCliErrorKind
{
    /// <summary>The command ran and exited with a non-zero exit code; <see cref="ClusterCliException.Failure"/> says why, if it is a known reason.</summary>
    Failed,

    /// <summary>The command outlived its timeout and was killed.</summary>
    TimedOut,

    /// <summary>The program could not be started (not installed, not on <c>PATH</c>, not executable).</summary>
    NotStarted,

    /// <summary>The command succeeded but printed something that is not what it should print (no token; members that are not a JSON array).</summary>
    MalformedOutput,
}

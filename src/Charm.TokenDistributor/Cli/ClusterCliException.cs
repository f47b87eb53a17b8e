namespace Charm.TokenDistributor.Cli;

/// <summary>
/// A cluster command did not do what was asked: it failed, timed out, could not be started, or printed malformed
/// output. <see cref="ClusterCli"/> throws only this for command outcomes; <see cref="Kind"/> and <see cref="Failure"/>
/// say what happened.
/// </summary>
/// <remarks>
/// Nothing in this exception holds a join token: <see cref="Command"/> shows the token argument as <c>&lt;token&gt;</c>,
/// and <see cref="StandardError"/> and the message have every occurrence of the token (and of the secret inside it)
/// replaced by <c>&lt;redacted&gt;</c>. Whoever creates one outside <see cref="ClusterCli"/> must redact likewise.
/// </remarks>
internal sealed class ClusterCliException : Exception
{
    /// <summary>Creates the exception with a generic message (kind <see cref="ClusterCliErrorKind.Failed"/>, no command).</summary>
    public ClusterCliException()
        : this("A cluster command failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> (kind <see cref="ClusterCliErrorKind.Failed"/>, no command).</summary>
    /// <param name="message">What went wrong; must not hold a secret.</param>
    public ClusterCliException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause (kind <see cref="ClusterCliErrorKind.Failed"/>, no command).</summary>
    /// <param name="message">What went wrong; must not hold a secret.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterCliException(string message, Exception? innerException)
        : this(ClusterCliErrorKind.Failed, ClusterOperation.List, string.Empty, null, string.Empty, ClusterFailure.Other, message, innerException)
    {
    }

    /// <summary>Creates the exception with every detail given; all texts must already be redacted.</summary>
    /// <param name="kind">How the command went wrong.</param>
    /// <param name="operation">Which subcommand it was.</param>
    /// <param name="command">The redacted command line.</param>
    /// <param name="exitCode">The exit code, when the command exited on its own.</param>
    /// <param name="standardError">The redacted standard error.</param>
    /// <param name="failure">The recognised reason (see <see cref="ClusterFailureClassifier"/>).</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any (e.g. a <see cref="Framework.Processes.ProcessStartException"/> or <see cref="ClusterOutputException"/>).</param>
    public ClusterCliException(
        ClusterCliErrorKind kind,
        ClusterOperation operation,
        string command,
        int? exitCode,
        string standardError,
        ClusterFailure failure,
        string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Operation = operation;
        Command = command ?? string.Empty;
        ExitCode = exitCode;
        StandardError = standardError ?? string.Empty;
        Failure = failure;
    }

    /// <summary>How the command went wrong.</summary>
    public ClusterCliErrorKind Kind { get; }

    /// <summary>Which subcommand went wrong.</summary>
    public ClusterOperation Operation { get; }

    /// <summary>The command line as a person would read it, with the join token shown as <c>&lt;token&gt;</c> and any secret as <c>&lt;redacted&gt;</c>.</summary>
    public string Command { get; }

    /// <summary>The exit code when the command exited on its own (<see cref="ClusterCliErrorKind.Failed"/>, <see cref="ClusterCliErrorKind.MalformedOutput"/>); otherwise <see langword="null"/>.</summary>
    public int? ExitCode { get; }

    /// <summary>Everything the command printed on standard error, secrets replaced by <c>&lt;redacted&gt;</c>; empty when it did not run.</summary>
    public string StandardError { get; }

    /// <summary>The recognised reason for a <see cref="ClusterCliErrorKind.Failed"/> command; <see cref="ClusterFailure.Other"/> otherwise.</summary>
    public ClusterFailure Failure { get; }

    /// <summary><c>bootstrap</c>/<c>join</c> on a node that is already a member.</summary>
    public bool IsAlreadyInitialised => Failure == ClusterFailure.AlreadyInitialised;

    /// <summary>The node is not a cluster member (not bootstrapped, not joined).</summary>
    public bool IsNotInitialised => Failure == ClusterFailure.NotInitialised;

    /// <summary><c>remove</c> of the only member: a normal outcome for the last unit.</summary>
    public bool IsLastMember => Failure == ClusterFailure.LastMember;

    /// <summary><c>join</c> refused the token for good; wait for a fresh one instead of retrying it.</summary>
    public bool IsTokenRejected => Failure == ClusterFailure.TokenRejected;
}

namespace Charm.TokenDistributor.Cli;

/// <summary>
/// Recognises the well-known failures of the microcluster CLI from the error it prints on standard error
/// (<c>Error: …</c>, exit code 1; see <c>docs/microcluster-cli.md</c>). Only that error line is read (the last line that
/// starts with <c>Error:</c>, else the last non-empty line): a word in earlier output (a log line that mentions an
/// expired certificate) classifies nothing. Matching is case-insensitive and depends on the subcommand.
/// </summary>
/// <remarks>
/// <para>
/// For <c>bootstrap</c> and <c>join</c> the error is read as microcluster builds it, causes joined by <c>": "</c>
/// (<c>&lt;n&gt; join attempts were unsuccessful. Last error: &lt;cause&gt;</c>), and a cause must <i>start</i> with
/// one of the daemon's sentences, letter case included (they are Go string constants); for the other subcommands a text anywhere in the error line matches.
/// </para>
/// <list type="table">
/// <listheader><term>subcommand</term><description>failure: texts</description></listheader>
/// <item><term>bootstrap, join</term><description>
/// <see cref="ClusterFailure.AlreadyInitialised"/>: the error starts with "Unable to initialize cluster:";
/// <see cref="ClusterFailure.InvalidName"/>: a cause ends with "is not a valid FQDN".</description></item>
/// <item><term>join</term><description>
/// <see cref="ClusterFailure.TokenRejected"/>: a cause starting with "CoreTokenRecord not found" (unknown or used secret,
/// microcluster v3), "InternalTokenRecord not found" (the same before v3), "Token expired", "Joining server certificate
/// SAN does not contain join token name" (a token for another host), "illegal base64 data", "invalid character",
/// "unexpected end of JSON input" (no token at all); a last error that is exactly "%!w(&lt;nil&gt;)" (no join address
/// answered with the certificate the token names: another cluster's token, or every member unreachable; a fresh token
/// costs one <c>add</c>). The simulator's wordings: "Invalid join token", "Join token not found", "Join token has
/// expired", "Joining member name", "Cluster certificate at".</description></item>
/// <item><term>add</term><description>
/// <see cref="ClusterFailure.NotInitialised"/>: "not yet initialized", "not initialized" (either spelling);
/// <see cref="ClusterFailure.NameTaken"/>: "is taken"; <see cref="ClusterFailure.InvalidName"/>: "is not a valid FQDN".</description></item>
/// <item><term>list</term><description><see cref="ClusterFailure.NotInitialised"/>: as for add.</description></item>
/// <item><term>remove</term><description>
/// <see cref="ClusterFailure.NotInitialised"/>: as for add; <see cref="ClusterFailure.LastMember"/>: "Cannot leave a
/// cluster with"; <see cref="ClusterFailure.NoNonPendingMembers"/>: "no remaining non-pending members";
/// <see cref="ClusterFailure.UnknownMember"/>: "No remote exists with the given name", "No dqlite cluster member exists", "not found".</description></item>
/// </list>
/// <para>Connection failures ("Failed to connect") stay <see cref="ClusterFailure.Other"/>: they may succeed when retried.</para>
/// </remarks>
internal static class ClusterFailureClassifier
{
    private const string ErrorPrefix = "Error:";

    private const string CauseSeparator = ": ";

    private const string AlreadyInitialisedStart = "Unable to initialize cluster:";

    /// <summary>What Go prints for a nil error wrapped with %w: microcluster's join when no join address could be used.</summary>
    private const string NilLastError = "%!w(<nil>)";

    private static readonly string[] NotInitialisedTexts = ["not yet initialized", "not yet initialised", "not initialized", "not initialised"];

    private const string InvalidNameEnd = "is not a valid FQDN";

    private static readonly string[] TokenRejectedCauses =
    [
        "CoreTokenRecord not found",
        "InternalTokenRecord not found",
        "Token expired",
        "Joining server certificate SAN does not contain join token name",
        "illegal base64 data",
        "invalid character",
        "unexpected end of JSON input",

        // The simulator's FakeMicrocluster.
        "Invalid join token",
        "Join token not found",
        "Join token has expired",
        "Joining member name",
        "Cluster certificate at",
    ];

    private static readonly string[] NameTakenTexts = ["is taken"];

    private static readonly string[] LastMemberTexts = ["Cannot leave a cluster with"];

    private static readonly string[] NoNonPendingTexts = ["no remaining non-pending members"];

    private static readonly string[] UnknownMemberTexts = ["No remote exists with the given name", "No dqlite cluster member exists", "not found"];

    /// <summary>Classifies the standard error of a failed <paramref name="operation"/>.</summary>
    /// <param name="operation">The subcommand that failed.</param>
    /// <param name="standardError">What it printed on standard error; <see langword="null"/> or empty gives <see cref="ClusterFailure.Other"/>.</param>
    /// <returns>The recognised failure, or <see cref="ClusterFailure.Other"/>.</returns>
    public static ClusterFailure Classify(ClusterOperation operation, string? standardError)
    {
        if (ErrorLine(standardError) is not { Length: > 0 } error)
        {
            return ClusterFailure.Other;
        }

        return operation switch
        {
            ClusterOperation.Bootstrap or ClusterOperation.Join => ClassifyInit(operation, error),
            ClusterOperation.Add => FirstMatch(error, (NotInitialisedTexts, ClusterFailure.NotInitialised), (NameTakenTexts, ClusterFailure.NameTaken), ([InvalidNameEnd], ClusterFailure.InvalidName)),
            ClusterOperation.List => FirstMatch(error, (NotInitialisedTexts, ClusterFailure.NotInitialised)),
            ClusterOperation.Remove => FirstMatch(
                error,
                (NotInitialisedTexts, ClusterFailure.NotInitialised),
                (LastMemberTexts, ClusterFailure.LastMember),
                (NoNonPendingTexts, ClusterFailure.NoNonPendingMembers),
                (UnknownMemberTexts, ClusterFailure.UnknownMember)),
            _ => ClusterFailure.Other,
        };
    }

    /// <summary>The error line (without <c>Error:</c>), trimmed; <see langword="null"/> when there is no text.</summary>
    private static string? ErrorLine(string? standardError)
    {
        if (string.IsNullOrWhiteSpace(standardError))
        {
            return null;
        }

        string? last = null;
        string? lastError = null;
        foreach (var raw in standardError.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            last = line;
            if (line.StartsWith(ErrorPrefix, StringComparison.OrdinalIgnoreCase))
            {
                lastError = line[ErrorPrefix.Length..].Trim();
            }
        }

        return lastError ?? last;
    }

    private static ClusterFailure ClassifyInit(ClusterOperation operation, string error)
    {
        if (error.StartsWith(AlreadyInitialisedStart, StringComparison.OrdinalIgnoreCase))
        {
            return ClusterFailure.AlreadyInitialised;
        }

        var causes = error.Split(CauseSeparator);
        if (operation == ClusterOperation.Join)
        {
            if (string.Equals(causes[^1].Trim(), NilLastError, StringComparison.Ordinal))
            {
                return ClusterFailure.TokenRejected;
            }

            foreach (var cause in causes)
            {
                if (TokenRejectedCauses.Any(text => cause.StartsWith(text, StringComparison.Ordinal)))
                {
                    return ClusterFailure.TokenRejected;
                }
            }
        }

        return causes.Any(cause => cause.TrimEnd().EndsWith(InvalidNameEnd, StringComparison.OrdinalIgnoreCase))
            ? ClusterFailure.InvalidName
            : ClusterFailure.Other;
    }

    private static ClusterFailure FirstMatch(string error, params (string[] Texts, ClusterFailure Failure)[] rules)
    {
        foreach (var (texts, failure) in rules)
        {
            if (texts.Any(text => error.Contains(text, StringComparison.OrdinalIgnoreCase)))
            {
                return failure;
            }
        }

        return ClusterFailure.Other;
    }
}

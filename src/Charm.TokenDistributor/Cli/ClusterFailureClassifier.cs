namespace Charm.TokenDistributor.Cli;

/// <summary>
/// Recognises the well-known failures of the microcluster CLI from the text it prints on standard error
/// (<c>Error: …</c>, exit code 1; see <c>docs/microcluster-cli.md</c>). Matching is by case-insensitive substring and
/// depends on the subcommand, so that e.g. "not found" means an unknown member only for <c>remove</c>.
/// </summary>
/// <remarks>
/// <para>The texts recognised, per subcommand (anything else is <see cref="ClusterFailure.Other"/>):</para>
/// <list type="table">
/// <listheader><term>subcommand</term><description>failure: texts</description></listheader>
/// <item><term>bootstrap</term><description>
/// <see cref="ClusterFailure.AlreadyInitialised"/>: "Unable to initialize cluster", "already initialized"/"already initialised";
/// <see cref="ClusterFailure.InvalidName"/>: "is not a valid FQDN".</description></item>
/// <item><term>join</term><description>
/// <see cref="ClusterFailure.AlreadyInitialised"/>: as for bootstrap;
/// <see cref="ClusterFailure.TokenRejected"/>: "Invalid join token", "join token not found", "token record not found",
/// "InternalTokenRecord not found", "expired", "token name" (name mismatch), "token fingerprint" (another cluster's token),
/// "illegal base64", "malformed";
/// <see cref="ClusterFailure.InvalidName"/>: "is not a valid FQDN".</description></item>
/// <item><term>add</term><description>
/// <see cref="ClusterFailure.NotInitialised"/>: "not yet initialized", "not initialized"/"not initialised";
/// <see cref="ClusterFailure.NameTaken"/>: "is taken";
/// <see cref="ClusterFailure.InvalidName"/>: "is not a valid FQDN".</description></item>
/// <item><term>list</term><description><see cref="ClusterFailure.NotInitialised"/>: as for add.</description></item>
/// <item><term>remove</term><description>
/// <see cref="ClusterFailure.NotInitialised"/>: as for add;
/// <see cref="ClusterFailure.LastMember"/>: "Cannot leave a cluster with";
/// <see cref="ClusterFailure.NoNonPendingMembers"/>: "no remaining non-pending members";
/// <see cref="ClusterFailure.UnknownMember"/>: "No remote exists with the given name", "No dqlite cluster member exists", "not found".</description></item>
/// </list>
/// <para>Connection failures ("Failed to connect", "join attempts were unsuccessful" without a token reason) stay
/// <see cref="ClusterFailure.Other"/>: they may succeed when retried.</para>
/// </remarks>
internal static class ClusterFailureClassifier
{
    private static readonly string[] AlreadyInitialisedTexts = ["Unable to initialize cluster", "already initialized", "already initialised"];

    private static readonly string[] NotInitialisedTexts = ["not yet initialized", "not yet initialised", "not initialized", "not initialised"];

    private static readonly string[] InvalidNameTexts = ["is not a valid FQDN"];

    private static readonly string[] TokenRejectedTexts =
    [
        "Invalid join token",
        "join token not found",
        "token record not found",
        "InternalTokenRecord not found",
        "expired",
        "token name",
        "token fingerprint",
        "illegal base64",
        "malformed",
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
        if (string.IsNullOrWhiteSpace(standardError))
        {
            return ClusterFailure.Other;
        }

        foreach (var (texts, failure) in RulesOf(operation))
        {
            if (ContainsAny(standardError, texts))
            {
                return failure;
            }
        }

        return ClusterFailure.Other;
    }

    /// <summary>The failures <paramref name="operation"/> can report, in the order they are tested, each with its texts.</summary>
    private static (string[] Texts, ClusterFailure Failure)[] RulesOf(ClusterOperation operation) => operation switch
    {
        ClusterOperation.Bootstrap => [(AlreadyInitialisedTexts, ClusterFailure.AlreadyInitialised), (InvalidNameTexts, ClusterFailure.InvalidName)],
        ClusterOperation.Join =>
        [
            (AlreadyInitialisedTexts, ClusterFailure.AlreadyInitialised),
            (TokenRejectedTexts, ClusterFailure.TokenRejected),
            (InvalidNameTexts, ClusterFailure.InvalidName),
        ],
        ClusterOperation.Add =>
        [
            (NotInitialisedTexts, ClusterFailure.NotInitialised),
            (NameTakenTexts, ClusterFailure.NameTaken),
            (InvalidNameTexts, ClusterFailure.InvalidName),
        ],
        ClusterOperation.List => [(NotInitialisedTexts, ClusterFailure.NotInitialised)],
        ClusterOperation.Remove =>
        [
            (NotInitialisedTexts, ClusterFailure.NotInitialised),
            (LastMemberTexts, ClusterFailure.LastMember),
            (NoNonPendingTexts, ClusterFailure.NoNonPendingMembers),
            (UnknownMemberTexts, ClusterFailure.UnknownMember),
        ],
        _ => [],
    };

    private static bool ContainsAny(string text, string[] needles)
    {
        foreach (var needle in needles)
        {
            if (text.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

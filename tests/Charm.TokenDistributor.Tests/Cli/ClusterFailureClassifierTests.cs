using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Tests.Cli;

public sealed class ClusterFailureClassifierTests
{
    /// <summary>Operation, standard error, expected failure (the enums are internal, so by name).</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { nameof(ClusterOperation.Bootstrap), "Error: Unable to initialize cluster: Database is online\n", nameof(ClusterFailure.AlreadyInitialised) },
        { nameof(ClusterOperation.Bootstrap), "Error: Cluster member name \"bad_name\" is not a valid FQDN\n", nameof(ClusterFailure.InvalidName) },
        { nameof(ClusterOperation.Join), "Error: Unable to initialize cluster: Database is online\n", nameof(ClusterFailure.AlreadyInitialised) },
        { nameof(ClusterOperation.Join), "Error: Invalid join token: the token is not valid base64\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: Join token not found: the secret is unknown or was already used\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: InternalTokenRecord not found\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: Join token has expired\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: Joining member name \"m1\" does not match the join token name \"m2\"\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: Cluster certificate at \"10.0.0.1:7443\" does not match the join token fingerprint\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: illegal base64 data at input byte 4\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: Failed to connect to cluster member at \"10.0.0.1:7443\"\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Join), "Error: Cluster member name \"bad_name\" is not a valid FQDN\n", nameof(ClusterFailure.InvalidName) },
        { nameof(ClusterOperation.Add), "Error: Daemon not yet initialized\n", nameof(ClusterFailure.NotInitialised) },
        { nameof(ClusterOperation.Add), "Error: Cluster member name \"m1\" is taken\n", nameof(ClusterFailure.NameTaken) },
        { nameof(ClusterOperation.Add), "Error: Join token name \"m1\" is taken\n", nameof(ClusterFailure.NameTaken) },
        { nameof(ClusterOperation.Add), "Error: Token name \"bad name\" is not a valid FQDN\n", nameof(ClusterFailure.InvalidName) },
        { nameof(ClusterOperation.List), "Error: Daemon not yet initialized\n", nameof(ClusterFailure.NotInitialised) },
        { nameof(ClusterOperation.List), "Error: Invalid format \"yaml\"\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Remove), "Error: Daemon not yet initialized\n", nameof(ClusterFailure.NotInitialised) },
        { nameof(ClusterOperation.Remove), "Error: Cannot leave a cluster with 1 members\n", nameof(ClusterFailure.LastMember) },
        { nameof(ClusterOperation.Remove), "Error: Cannot remove cluster members, there are no remaining non-pending members\n", nameof(ClusterFailure.NoNonPendingMembers) },
        { nameof(ClusterOperation.Remove), "Error: Cluster member \"m9\" not found\n", nameof(ClusterFailure.UnknownMember) },
        { nameof(ClusterOperation.Remove), "Error: No remote exists with the given name \"m9\"\n", nameof(ClusterFailure.UnknownMember) },
        // microcluster v3's own join causes (internal/rest/resources/control.go joins them as "<n> join attempts were
        // unsuccessful. Last error: %w"; cluster.go and the token record mapper give the causes).
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: CoreTokenRecord not found\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 2 join attempts were unsuccessful. Last error: Token expired\n", nameof(ClusterFailure.TokenRejected) },
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: Joining server certificate SAN does not contain join token name\n", nameof(ClusterFailure.TokenRejected) },
        // No join address answered with the token's certificate fingerprint: lastErr stays nil and Go prints %!w(<nil>).
        { nameof(ClusterOperation.Join), "Error: 1 join attempts were unsuccessful. Last error: %!w(<nil>)\n", nameof(ClusterFailure.TokenRejected) },
        // DecodeToken's base64 and JSON errors come back unwrapped.
        { nameof(ClusterOperation.Join), "Error: invalid character 'x' looking for beginning of value\n", nameof(ClusterFailure.TokenRejected) },
        // A word anywhere in standard error is not the error: only the Error line is read.
        { nameof(ClusterOperation.Join), "WARN certificate expired for an unrelated endpoint\nError: 1 join attempts were unsuccessful. Last error: Failed to connect\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Join), "note: already initialized peers were skipped\nError: connection refused\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Join), "Error: Remote with address \"10.0.0.9:7443\" exists: token expired elsewhere\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Bootstrap), "Error: the daemon says it is already initialized\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Join), "Error: Failed: Unable to initialize cluster: Database is online\n", nameof(ClusterFailure.Other) },
        // The same text means different things for different subcommands.
        { nameof(ClusterOperation.Add), "Error: Cannot leave a cluster with 1 members\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Bootstrap), "Error: Join token has expired\n", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.List), "Error: Cluster member \"m9\" not found\n", nameof(ClusterFailure.Other) },
        // Case-insensitive.
        { nameof(ClusterOperation.Remove), "error: cannot leave a cluster with 1 members", nameof(ClusterFailure.LastMember) },
        { nameof(ClusterOperation.Remove), "", nameof(ClusterFailure.Other) },
        { nameof(ClusterOperation.Join), "Error: something else entirely\n", nameof(ClusterFailure.Other) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies_known_failures(string operation, string standardError, string expected) =>
        Assert.Equal(Enum.Parse<ClusterFailure>(expected), ClusterFailureClassifier.Classify(Enum.Parse<ClusterOperation>(operation), standardError));

    [Fact]
    public void Null_is_other() => Assert.Equal(ClusterFailure.Other, ClusterFailureClassifier.Classify(ClusterOperation.Join, null));
}

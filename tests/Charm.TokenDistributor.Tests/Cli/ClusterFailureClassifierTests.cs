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

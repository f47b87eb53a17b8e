using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Tests.Cli;

public sealed class ClusterFailureClassifierTests
{
    public static TheoryData<ClusterOperation, string, ClusterFailure> Cases => new()
    {
        { ClusterOperation.Bootstrap, "Error: Unable to initialize cluster: Database is online\n", ClusterFailure.AlreadyInitialised },
        { ClusterOperation.Bootstrap, "Error: Cluster member name \"bad_name\" is not a valid FQDN\n", ClusterFailure.InvalidName },
        { ClusterOperation.Join, "Error: Unable to initialize cluster: Database is online\n", ClusterFailure.AlreadyInitialised },
        { ClusterOperation.Join, "Error: Invalid join token: the token is not valid base64\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: 1 join attempts were unsuccessful. Last error: Join token not found: the secret is unknown or was already used\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: 1 join attempts were unsuccessful. Last error: InternalTokenRecord not found\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: 1 join attempts were unsuccessful. Last error: Join token has expired\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: 1 join attempts were unsuccessful. Last error: Joining member name \"m1\" does not match the join token name \"m2\"\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: 1 join attempts were unsuccessful. Last error: Cluster certificate at \"10.0.0.1:7443\" does not match the join token fingerprint\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: illegal base64 data at input byte 4\n", ClusterFailure.TokenRejected },
        { ClusterOperation.Join, "Error: 1 join attempts were unsuccessful. Last error: Failed to connect to cluster member at \"10.0.0.1:7443\"\n", ClusterFailure.Other },
        { ClusterOperation.Join, "Error: Cluster member name \"bad_name\" is not a valid FQDN\n", ClusterFailure.InvalidName },
        { ClusterOperation.Add, "Error: Daemon not yet initialized\n", ClusterFailure.NotInitialised },
        { ClusterOperation.Add, "Error: Cluster member name \"m1\" is taken\n", ClusterFailure.NameTaken },
        { ClusterOperation.Add, "Error: Join token name \"m1\" is taken\n", ClusterFailure.NameTaken },
        { ClusterOperation.Add, "Error: Token name \"bad name\" is not a valid FQDN\n", ClusterFailure.InvalidName },
        { ClusterOperation.List, "Error: Daemon not yet initialized\n", ClusterFailure.NotInitialised },
        { ClusterOperation.List, "Error: Invalid format \"yaml\"\n", ClusterFailure.Other },
        { ClusterOperation.Remove, "Error: Daemon not yet initialized\n", ClusterFailure.NotInitialised },
        { ClusterOperation.Remove, "Error: Cannot leave a cluster with 1 members\n", ClusterFailure.LastMember },
        { ClusterOperation.Remove, "Error: Cannot remove cluster members, there are no remaining non-pending members\n", ClusterFailure.NoNonPendingMembers },
        { ClusterOperation.Remove, "Error: Cluster member \"m9\" not found\n", ClusterFailure.UnknownMember },
        { ClusterOperation.Remove, "Error: No remote exists with the given name \"m9\"\n", ClusterFailure.UnknownMember },
        // The same text means different things for different subcommands.
        { ClusterOperation.Add, "Error: Cannot leave a cluster with 1 members\n", ClusterFailure.Other },
        { ClusterOperation.Bootstrap, "Error: Join token has expired\n", ClusterFailure.Other },
        { ClusterOperation.List, "Error: Cluster member \"m9\" not found\n", ClusterFailure.Other },
        // Case-insensitive.
        { ClusterOperation.Remove, "error: cannot leave a cluster with 1 members", ClusterFailure.LastMember },
        { ClusterOperation.Remove, "", ClusterFailure.Other },
        { ClusterOperation.Join, "Error: something else entirely\n", ClusterFailure.Other },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies_known_failures(ClusterOperation operation, string standardError, ClusterFailure expected) =>
        Assert.Equal(expected, ClusterFailureClassifier.Classify(operation, standardError));

    [Fact]
    public void Null_is_other() => Assert.Equal(ClusterFailure.Other, ClusterFailureClassifier.Classify(ClusterOperation.Join, null));
}

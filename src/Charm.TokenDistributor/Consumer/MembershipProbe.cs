using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The cluster membership as <c>&lt;cli&gt; list -f json</c> gives it, listed once per hook (the consumer lives
/// for one hook) but for the communicator's bounded wait for <c>PENDING</c> members: the first answer, members or failure, is the answer for the rest of the hook.
/// </summary>
internal sealed class MembershipProbe(ClusterCli cli, JujuLogger log, string hostName)
{
    private ClusterMembership? _membership;

    /// <summary>Why listing failed, once it has; <see langword="null"/> before listing and after a success.</summary>
    public ClusterCliException? Error { get; private set; }

    /// <summary>Whether listing printed output that is no member list (rather than failing or not running).</summary>
    public bool Unreadable => Error?.Kind == ClusterCliErrorKind.MalformedOutput;

    /// <summary>Whether listing said this node is not a cluster member.</summary>
    public bool NotInitialised => Error?.Failure == ClusterFailure.NotInitialised;

    /// <summary>
    /// The members; <see langword="null"/> when the CLI failed (see <see cref="Error"/>). With
    /// <paramref name="mayNotBeMember"/>, "not initialised" is an expected answer (logged at DEBUG), not an error.
    /// </summary>
    public ClusterMembership? Members(bool mayNotBeMember = false)
    {
        if (_membership is null && Error is null)
        {
            try
            {
                _membership = cli.List();
            }
            catch (ClusterCliException error) when (mayNotBeMember && error.Failure == ClusterFailure.NotInitialised)
            {
                Error = error;
                log.Debug($"{hostName} is not a cluster member: {error.Message}");
            }
            catch (ClusterCliException error)
            {
                Error = error;
                log.Error($"{hostName} calling cluster list failed: {error.Message}");
            }
        }

        return _membership;
    }

    /// <summary>
    /// Forgets the answer and lists again (the communicator's wait for <c>PENDING</c> members); the new answer, members or
    /// failure, is the answer for the rest of the hook.
    /// </summary>
    public ClusterMembership? Relist()
    {
        _membership = null;
        Error = null;
        return Members();
    }

    /// <summary>Whether listing (at most once per hook) shows a member named <paramref name="name"/>; no when it fails.</summary>
    public bool ShowsMember(string name) => Members(mayNotBeMember: true)?.Contains(name) == true;
}

using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Consumer;

/// <summary>
/// The consumer's join step: joins with the token the distributor mirrors for this host; remembers (by fingerprint) a
/// token it will never use, and under the bootstrap grant renounces a token that expired while this node was verifiably
/// no member. docs/protocol.md, "Consumer behaviour (seed, v0.8)" and "Hazards and what we do instead".
/// </summary>
internal sealed class Joiner(CharmBase charm, ClusterCli cli, ConsumerState state, MembershipProbe probe, TokenConsumerOptions options, IConsumerEvents events)
{
    /// <summary>The unit's Waiting status while the join token it was given is one it will not use (rejected or unusable).</summary>
    private const string TokenRejectedMessage = "Join token was rejected; waiting for a new one";

    /// <summary>
    /// The Waiting status instead of <see cref="TokenRejectedMessage"/> when the distributor is v0.8's, which never replaces
    /// a token it holds: no new token reaches this unit until the distributor's leadership moves (docs/protocol.md).
    /// </summary>
    internal const string TokenKeptByDistributorMessage =
        "Join token was rejected; the distributor keeps it until its leader changes: add a distributor unit, then remove its leader";

    /// <summary>The Waiting status while the mirrored token is of another cluster than the one the distributor relays.</summary>
    internal const string ForeignTokenMessage =
        "Join token is for another cluster; waiting for one of this cluster (if it persists, look for a rogue unit related to the distributor)";

    /// <summary>The Waiting status while the distributor grants the bootstrap but relays no cluster fingerprint yet.</summary>
    internal const string WaitingForFingerprintMessage = "Waiting for the distributor to relay the cluster's certificate fingerprint";

    private string HostName => charm.Context.HostName;

    /// <summary>Extra arguments for <c>&lt;cli&gt; join &lt;token&gt;</c>.</summary>
    public Func<IReadOnlyList<string>>? Arguments { get; set; }

    /// <summary>Joins with the mirrored token if there is a usable one; <see cref="Progress.Halt"/> when the join failed (deferred).</summary>
    public Progress JoinWithMirroredToken(Relation relation, HookEvent e)
    {
        var token = MirrorReader.FindValue(relation, HostName, keepEmpty: false);
        if (token is null)
        {
            charm.Unit.AddStatus(Status.Maintenance("Token not in mirror"), TokenConsumer.StatusComponent);
            return Progress.Continue;
        }

        if (token == WireKeys.JoinedMarker)
        {
            // The communicator saw this host join, yet this unit's state says otherwise: its joining hook failed after
            // the join. Membership tells.
            if (probe.ShowsMember(HostName))
            {
                MarkJoined(relation);
            }
            else
            {
                charm.Unit.AddStatus(Status.Waiting("Waiting for a new join token"), TokenConsumer.StatusComponent);
            }

            return Progress.Continue;
        }

        var fingerprint = JoinTokens.Fingerprint(token);
        if (ClusterBindingCheck.Refusal(relation, token, out var wait) is { } why)
        {
            RefuseForeignToken(fingerprint, why, wait);
            return Progress.Continue;
        }

        if (state.Renounced.Contains(fingerprint))
        {
            charm.Unit.AddStatus(Status.Waiting(RejectedMessage(relation)), TokenConsumer.StatusComponent);
            return Progress.Continue;
        }

        if (state.FirstSeen(fingerprint) is null)
        {
            // When this unit first saw the token: a token older than its lifetime has expired (see RenounceExpired).
            state.SetFirstSeen(fingerprint, options.TimeProvider.GetUtcNow());
        }

        return Join(relation, e, token, fingerprint);
    }

    private Progress Join(Relation relation, HookEvent e, string token, string fingerprint)
    {
        events.RaisePreJoin(relation);
        charm.Unit.AddStatus(Status.Maintenance("Joining cluster"), TokenConsumer.StatusComponent);
        try
        {
            cli.Join(token, Arguments?.Invoke() ?? []);
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.AlreadyInitialised)
        {
            // "Already initialised" says the daemon is in some cluster, not in which one, nor that this join put it there:
            // membership is recorded only once the member list names this host.
            if (!probe.ShowsMember(HostName))
            {
                charm.Log.Warning($"{HostName}: join said this node is already initialised, but the member list does not show it; not recording membership ({error.Message})");
                charm.Unit.AddStatus(Status.Blocked("Joining cluster failed"), TokenConsumer.StatusComponent);
                e.Defer();
                return Progress.Halt;
            }

            charm.Log.Info($"{HostName} is already a cluster member (the member list shows it); recording it ({error.Message})");
        }
        catch (ArgumentException error)
        {
            // The mirrored value cannot be a join token the CLI may be given (e.g. it starts with '-'): any unit can mirror
            // any value, and one unusable value must not fail every hook of this unit. It is never used (nor run).
            RejectToken(relation, fingerprint, $"the mirrored join token cannot be used ({error.Message})");
            return Progress.Continue;
        }
        catch (ClusterCliException error) when (error.Failure == ClusterFailure.TokenRejected)
        {
            RejectToken(relation, fingerprint, $"the cluster rejected its join token ({error.Message})");
            return Progress.Continue;
        }
        catch (ClusterCliException error)
        {
            charm.Log.Error($"failed {HostName} joining cluster: {error.Message}");
            if (Negotiation.ConsumerUsesBootstrapGrant(relation) && RenounceExpired(relation, fingerprint))
            {
                return Progress.Continue;
            }

            charm.Unit.AddStatus(Status.Blocked("Joining cluster failed"), TokenConsumer.StatusComponent);
            e.Defer();
            return Progress.Halt;
        }

        state.ClusterFingerprint = JoinTokens.ClusterFingerprintOf(token);
        MarkJoined(relation);
        return Progress.Continue;
    }

    /// <summary>
    /// Under the cluster binding: waits while no fingerprint is relayed (<paramref name="wait"/>), or renounces a token of
    /// another cluster (never used, said once at WARNING, published in <c>renounced-tokens</c> so the communicator
    /// issues a new one), with a status that says what an operator can look for.
    /// </summary>
    private void RefuseForeignToken(string fingerprint, string why, bool wait)
    {
        if (wait)
        {
            charm.Unit.Status = Status.Waiting(WaitingForFingerprintMessage);
            return;
        }

        if (!state.Renounced.Contains(fingerprint))
        {
            state.Renounce(fingerprint);
            charm.Log.Warning($"{HostName}: not joining: {why}; waiting for a token of the bootstrapped cluster (a unit related to the distributor offers tokens of another cluster)");
        }

        charm.Unit.Status = Status.Waiting(ForeignTokenMessage);
    }

    /// <summary>Never uses the token again, says <paramref name="why"/> at WARNING and waits for a new token.</summary>
    private void RejectToken(Relation relation, string fingerprint, string why)
    {
        state.Renounce(fingerprint);
        var message = RejectedMessage(relation);
        charm.Log.Warning(message == TokenRejectedMessage
            ? $"{HostName}: {why}; waiting for a new one"
            : $"{HostName}: {why}; the distributor (v0.8) never replaces a token it holds, so a new one reaches this unit only once the distributor's leadership moves");
        charm.Unit.AddStatus(Status.Waiting(message), TokenConsumer.StatusComponent);
    }

    /// <summary>
    /// What the unit says while it waits for a token to replace one it will not use: a v0.8 distributor (it names the
    /// bootstrap application, and no mirror lists <c>consumed-tokens</c>) keeps the refused token until its leadership
    /// moves, so the status says what an operator can do; any other distributor mirrors the communicator's new token.
    /// </summary>
    private static string RejectedMessage(Relation relation)
        => relation.RemoteAppData?[WireKeys.BootstrapAppKey] is not null && !Negotiation.ConsumerUsesConsumedTokens(relation)
            ? TokenKeptByDistributorMessage
            : TokenRejectedMessage;

    /// <summary>
    /// Under the bootstrap grant, after a join failed for another reason than a rejected token: a token first seen a token
    /// lifetime ago has expired, and once <c>list</c> confirms that this node is not a member, the unit renounces it (never
    /// uses it again, and says so in <see cref="WireKeys.RenouncedTokensKey"/>), so the distributor can tell that this unit
    /// cannot be a member of the cluster the token came from (e.g. one that left with its last member). Returns whether
    /// the hook may go on (renounced, or found to be a member after all).
    /// </summary>
    private bool RenounceExpired(Relation relation, string fingerprint)
    {
        if (state.FirstSeen(fingerprint) is not { } since || options.TimeProvider.GetUtcNow() - since < options.TokenLifetime)
        {
            return false;
        }

        if (probe.Members(mayNotBeMember: true) is { } members)
        {
            if (!members.Contains(HostName))
            {
                return false;
            }

            // The join went through after all (e.g. the call timed out after the daemon joined).
            MarkJoined(relation);
            return true;
        }

        if (!probe.NotInitialised)
        {
            return false;
        }

        state.Renounce(fingerprint);
        state.ForgetFirstSeen();
        charm.Log.Warning($"{HostName}: its join token was not used within {options.TokenLifetime} and this node is not a member; waiting for a new one");
        charm.Unit.AddStatus(Status.Waiting("Join token expired; waiting for a new one"), TokenConsumer.StatusComponent);
        return true;
    }

    private void MarkJoined(Relation relation)
    {
        state.RecordMembership();
        charm.Unit.AddStatus(Status.Active("Joined cluster"), TokenConsumer.StatusComponent);
        events.RaiseJoined(relation);
    }
}

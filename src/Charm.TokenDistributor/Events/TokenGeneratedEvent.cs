using Charm.Framework.Model;

namespace Charm.TokenDistributor.Events;

/// <summary>This unit (the communicator) generated a join token for a host and published it to the mirror.</summary>
public sealed class TokenGeneratedEvent : ClusterEvent
{
    /// <summary>Creates the event.</summary>
    public TokenGeneratedEvent(Relation relation, string hostName)
        : base(relation) => HostName = hostName;

    /// <summary>The host the token is for. (The token itself is deliberately not exposed: it is a cluster credential.)</summary>
    public string HostName { get; }

    /// <inheritdoc />
    protected override string Kind => "token-generated";
}

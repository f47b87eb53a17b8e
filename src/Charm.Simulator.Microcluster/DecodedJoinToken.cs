namespace Charm.Simulator.Microcluster;

/// <summary>The three fields of a join token.</summary>
internal sealed record DecodedJoinToken(string Secret, string Fingerprint, IReadOnlyList<string> JoinAddresses);

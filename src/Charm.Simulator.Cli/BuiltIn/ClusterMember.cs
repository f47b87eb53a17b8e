namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>One entry of <c>list -f json</c>, as far as the demo charm reads it.</summary>
internal sealed record ClusterMember(string Name, string Role, string Status);

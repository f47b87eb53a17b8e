namespace Charm.Simulator.Microcluster;

/// <summary>A flag a subcommand accepts, in the cobra/pflag style the real CLIs use.</summary>
internal sealed record FlagSpec(string Name, char? Shorthand, bool TakesValue, string Help);

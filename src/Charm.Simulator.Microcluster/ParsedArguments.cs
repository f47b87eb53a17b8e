namespace Charm.Simulator.Microcluster;

/// <summary>A subcommand's words split into positional arguments and flag values.</summary>
internal sealed class ParsedArguments
{
    public List<string> Positionals { get; } = [];

    /// <summary>Flag name (long form) to value; a boolean flag given without a value holds <c>true</c>.</summary>
    public Dictionary<string, string> Flags { get; } = new(StringComparer.Ordinal);
}

namespace Charm.Simulator.Microcluster;

/// <summary>An armed fault: which calls it matches and what they return instead.</summary>
/// <param name="HostName">The host it matches, or <see cref="FakeMicrocluster.Any"/>.</param>
/// <param name="Command">The subcommand it matches (<c>add</c>, <c>join</c>, …), or <see cref="FakeMicrocluster.Any"/>.</param>
/// <param name="Result">What a matching call returns.</param>
/// <param name="Lifetime">Whether the rule disarms after firing.</param>
/// <param name="ApplyCommand">Run the command for real before returning <paramref name="Result"/> (the work is done, the caller never hears).</param>
internal sealed record FaultRule(string HostName, string Command, CliResult Result, FaultLifetime Lifetime, bool ApplyCommand)
{
    public bool Matches(string hostName, string command) =>
        (HostName == FakeMicrocluster.Any || HostName == hostName) && (Command == FakeMicrocluster.Any || Command == command);
}

namespace Charm.Simulator.Scheduler;

/// <summary>One hook-tool call a hook made, as the simulated agent answered it.</summary>
/// <param name="Tool">The tool, e.g. <c>relation-get</c>.</param>
/// <param name="Arguments">The arguments (values given to <c>relation-set</c>/<c>state-set</c> are left out).</param>
/// <param name="ExitCode">The tool's exit code.</param>
public sealed record ToolCall(string Tool, string Arguments, int ExitCode)
{
    /// <inheritdoc />
    public override string ToString() => (Arguments.Length == 0 ? Tool : Tool + " " + Arguments) + (ExitCode == 0 ? "" : $" → {ExitCode}");
}

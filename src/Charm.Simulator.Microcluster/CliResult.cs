namespace Charm.Simulator.Microcluster;

/// <summary>What one call of the fake cluster CLI produced, as a real process would have.</summary>
/// <param name="ExitCode">The exit code; meaningless (<c>-1</c>) when <paramref name="TimedOut"/> is set.</param>
/// <param name="StandardOutput">What the command printed on standard output.</param>
/// <param name="StandardError">What the command printed on standard error (<c>Error: …</c> lines).</param>
/// <param name="TimedOut">
/// The command hangs: a real-process front end turns this into a process that never returns, so the caller's
/// timeout fires.
/// </param>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut = false)
{
    /// <summary>The exit code a hung call reports.</summary>
    public const int HungExitCode = -1;

    /// <summary>The command returned on its own with exit code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    internal static CliResult Hung { get; } = new(HungExitCode, string.Empty, string.Empty, TimedOut: true);

    internal static CliResult Success(string standardOutput = "") => new(0, standardOutput, string.Empty);

    internal static CliResult Failure(string message) => new(1, string.Empty, "Error: " + message + "\n");
}

namespace Charm.Framework.Processes;

/// <summary>How a process ended.</summary>
/// <param name="ExitCode">The exit code; meaningless when <paramref name="TimedOut"/> is set.</param>
/// <param name="StandardOutput">Everything the process wrote to standard output.</param>
/// <param name="StandardError">Everything the process wrote to standard error.</param>
/// <param name="TimedOut">The process outlived its timeout and was killed.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut = false)
{
    /// <summary>Standard output was longer than the runner keeps (<see cref="SystemProcessRunner.MaxStreamLength"/>): <see cref="StandardOutput"/> is its beginning.</summary>
    public bool StandardOutputTruncated { get; init; }

    /// <summary>Standard error was longer than the runner keeps: <see cref="StandardError"/> is its beginning.</summary>
    public bool StandardErrorTruncated { get; init; }

    /// <summary>The process exited on its own with exit code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;
}

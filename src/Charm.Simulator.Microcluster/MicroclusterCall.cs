namespace Charm.Simulator.Microcluster;

/// <summary>One call of the fake cluster CLI, for reports. Join tokens in the arguments read <c>&lt;token&gt;</c>.</summary>
/// <param name="Sequence">1 for the first call, then counting up.</param>
/// <param name="Time">The simulated time of the call.</param>
/// <param name="HostName">The host the command ran on.</param>
/// <param name="Arguments">The words after the command prefix, tokens redacted.</param>
/// <param name="ExitCode">The exit code (<see cref="CliResult.HungExitCode"/> when the call hung).</param>
/// <param name="TimedOut">The call hung.</param>
/// <param name="FaultInjected">The outcome came from an injected fault.</param>
public sealed record MicroclusterCall(
    long Sequence,
    DateTimeOffset Time,
    string HostName,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    bool TimedOut,
    bool FaultInjected)
{
    /// <summary>The call as one report line, e.g. <c>host-1: add host-2 → 0</c>.</summary>
    public override string ToString()
    {
        string outcome = TimedOut ? "hung" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string injected = FaultInjected ? " (injected)" : string.Empty;
        return HostName + ": " + string.Join(' ', Arguments) + " → " + outcome + injected;
    }
}

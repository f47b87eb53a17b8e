using System.Globalization;
using System.Text;
using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Scheduler;

/// <summary>One hook run, as the simulator recorded it.</summary>
/// <param name="Step">1 for the first hook run, then counting up.</param>
/// <param name="Time">The simulated time it started.</param>
/// <param name="Hook">The hook and its relation context.</param>
/// <param name="Attempt">1 for the first run, 2 for the first retry, ….</param>
/// <param name="Result">How it ended.</param>
/// <param name="ExitCode">Its exit code (-1 after a timeout).</param>
/// <param name="Changes">The databags it changed (empty unless it succeeded).</param>
/// <param name="ToolCalls">The hook-tool calls it made.</param>
/// <param name="ClusterCalls">The workload CLI calls it made (join tokens redacted).</param>
/// <param name="ErrorOutput">Its standard error (the framework's error report for an in-process charm).</param>
public sealed record TraceEntry(
    long Step,
    DateTimeOffset Time,
    HookInvocation Hook,
    int Attempt,
    HookResult Result,
    int ExitCode,
    IReadOnlyList<DatabagChange> Changes,
    IReadOnlyList<ToolCall> ToolCalls,
    IReadOnlyList<MicroclusterCall> ClusterCalls,
    string ErrorOutput)
{
    /// <summary>The unit the hook ran on.</summary>
    public string Unit => Hook.Unit;

    /// <summary>One line: step, time, unit, hook, outcome, and what it changed.</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append('#').Append(Step.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture))
            .Append(' ').Append(Hook.Unit)
            .Append(' ').Append(Hook.Describe());
        if (Attempt > 1)
        {
            text.Append(" (attempt ").Append(Attempt.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        text.Append(Result switch
        {
            HookResult.Succeeded => " ok",
            HookResult.Failed => " FAILED (exit " + ExitCode.ToString(CultureInfo.InvariantCulture) + ")",
            _ => " TIMED OUT",
        });
        foreach (var change in Changes)
        {
            text.Append(" [").Append(change).Append(']');
        }

        foreach (var call in ClusterCalls)
        {
            text.Append(" {").Append(string.Join(' ', call.Arguments)).Append(" → ")
                .Append(call.TimedOut ? "hung" : call.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        return text.ToString();
    }
}

using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

/// <summary>What running one hook produced.</summary>
/// <param name="Result">Succeeded, failed or timed out.</param>
/// <param name="ExitCode">The exit code (-1 after a timeout).</param>
/// <param name="ErrorOutput">The charm's standard error (the framework's error report for an in-process charm).</param>
internal sealed record HookRunOutcome(HookResult Result, int ExitCode, string ErrorOutput);

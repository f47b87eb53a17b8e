using Charm.Framework.Processes;

namespace Charm.Simulator.Backends;

/// <summary>
/// The <see cref="IProcessRunner"/> an in-process charm runs its workload commands through: the workload CLI goes to the
/// fake cluster under the unit's host name, <c>hostname</c> and <c>uname -n</c> print that host name, and anything else
/// goes to <paramref name="fallback"/> (or, without one, cannot be started, as a program missing from <c>PATH</c>).
/// </summary>
internal sealed class WorkloadProcessRunner(HookContext context, IProcessRunner? fallback) : IProcessRunner
{
    public ProcessResult Run(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (context.Workload.IsProgram(spec.FileName))
        {
            var result = context.RunWorkload(spec.Arguments);
            return result.TimedOut
                ? new ProcessResult(-1, "", "", TimedOut: true)
                : new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }

        if ((spec.FileName == "hostname" && spec.Arguments.Count == 0)
            || (spec.FileName == "uname" && spec.Arguments is ["-n"]))
        {
            return new ProcessResult(0, context.Unit.HostName + "\n", "");
        }

        if (fallback is not null)
        {
            return fallback.Run(spec);
        }

        throw new ProcessStartException(
            spec.FileName,
            $"Cannot run '{spec.FileName}' in the simulator: only the workload CLI '{context.Workload.CommandPrefix}', 'hostname' and 'uname -n' are simulated for in-process charms.");
    }
}

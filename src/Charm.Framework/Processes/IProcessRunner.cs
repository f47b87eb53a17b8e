namespace Charm.Framework.Processes;

/// <summary>
/// Runs a subprocess to completion. The framework runs hook tools through one, and charm libraries run
/// workload command lines through one, so tests can replace either with a fake that records the calls.
/// </summary>
public interface IProcessRunner
{
    /// <summary>Runs <paramref name="spec"/> and waits for it to end or time out; never throws for a non-zero exit.</summary>
    /// <exception cref="ProcessStartException">The program could not be started (not found, not executable).</exception>
    ProcessResult Run(ProcessSpec spec);
}

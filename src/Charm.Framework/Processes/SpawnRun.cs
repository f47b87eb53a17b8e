using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Charm.Framework.Processes;

/// <summary>
/// <see cref="SystemProcessRunner"/>'s Linux path: <c>posix_spawn</c> (<see cref="SpawnedChild"/>) and the I/O on the
/// calling thread (<see cref="ChildIo"/>), with no <see cref="Process"/>, no thread-pool task and no <c>setsid</c> exec.
/// The rules are those of the class remarks: a timeout kills the process's group (when it has one) and the process
/// tree; after an exit, a descendant left in the group holding the pipes is killed after the drain grace.
/// </summary>
internal static class SpawnRun
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static volatile bool _unavailable;

    /// <summary>Whether this path is used: on Linux, until libc turns out to lack one of its functions.</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && !_unavailable;

    /// <summary>Runs <paramref name="spec"/>; <see langword="null"/> when libc lacks <c>posix_spawn</c> (nothing was started).</summary>
    public static ProcessResult? Run(string program, ProcessSpec spec, IReadOnlyDictionary<string, string?> environment, bool ownGroup, int maxStreamLength)
    {
        var clock = Stopwatch.StartNew();
        SpawnedChild? child;
        int error;
        try
        {
            child = SpawnedChild.Start(program, spec.Arguments, environment, ownGroup, out error);
        }
        catch (EntryPointNotFoundException)
        {
            _unavailable = true;
            return null;
        }
        catch (DllNotFoundException)
        {
            _unavailable = true;
            return null;
        }

        if (child is null)
        {
            throw new ProcessStartException(spec.FileName, SystemProcessRunner.StartFailure(program, Marshal.GetPInvokeErrorMessage(error)));
        }

        using var io = new ChildIo(child, spec.StandardInput, maxStreamLength, Utf8);
        var group = ownGroup ? child.Pid : 0;
        var exited = io.PumpUntilExit(ChildIo.DeadlineAfter(spec.Timeout));
        if (!exited)
        {
            _ = ProcessGroup.Kill(group);
            ProcessGroup.KillTree(child.Pid);
            _ = io.PumpUntilExit(ChildIo.DeadlineAfter(SystemProcessRunner.PipeDrainGrace));
        }

        var drain = SystemProcessRunner.DrainBudget(exited, ownGroup, spec.Timeout, clock.Elapsed);
        if (!io.PumpUntilStreamsEnd(ChildIo.DeadlineAfter(drain)) && ProcessGroup.Kill(group))
        {
            // A descendant left in the process's group holds the pipes: it is killed, and its pipe ends close.
            _ = io.PumpUntilStreamsEnd(ChildIo.DeadlineAfter(SystemProcessRunner.PipeDrainGrace));
        }

        // Pipes still open now are abandoned (closed by Dispose); what was read is returned.
        return new ProcessResult(exited ? io.ExitCode : -1, io.Output.Snapshot(), io.Error.Snapshot(), TimedOut: !exited)
        {
            StandardOutputTruncated = io.Output.Truncated,
            StandardErrorTruncated = io.Error.Truncated,
        };
    }
}

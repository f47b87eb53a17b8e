using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Charm.Framework.Processes;

/// <summary>
/// <see cref="SystemProcessRunner"/>'s portable path, over <see cref="Process"/>: used off Linux, and on Linux only if
/// libc has no <c>posix_spawn</c> (see <see cref="SpawnRun"/>). Each stream is pumped by a thread-pool task; a process
/// group, where asked for, is made by starting the program through <c>setsid</c> (<see cref="ProcessGroup.Launcher"/>).
/// </summary>
internal static class ProcessClassRun
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static ProcessResult Run(string program, ProcessSpec spec, IReadOnlyDictionary<string, string?> environment, bool ownGroups, int maxStreamLength)
    {
        var timeout = spec.Timeout;
        var launcher = ownGroups ? ProcessGroup.Launcher : null;
        var startInfo = new ProcessStartInfo(launcher ?? program)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        if (launcher is not null)
        {
            // setsid stops reading options at the first operand, and the program is an absolute path.
            startInfo.ArgumentList.Add(program);
        }

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException(spec.FileName, SystemProcessRunner.StartFailure(program, e.Message), e);
        }

        using var stop = new CancellationTokenSource();
        var output = new Capture(maxStreamLength);
        var error = new Capture(maxStreamLength);
        var outputPump = Task.Run(() => PumpAsync(process.StandardOutput, output, stop.Token));
        var errorPump = Task.Run(() => PumpAsync(process.StandardError, error, stop.Token));
        var inputPump = Task.Run(() => WriteInputAsync(process.StandardInput, spec.StandardInput, stop.Token));
        var group = launcher is null ? 0 : process.Id;

        bool exited = WaitForExit(process, timeout);
        if (!exited)
        {
            _ = ProcessGroup.Kill(group);
            KillTree(process);
            _ = process.WaitForExit(SystemProcessRunner.PipeDrainGrace);
        }

        var drain = SystemProcessRunner.DrainBudget(exited, group != 0, timeout, clock.Elapsed);

        // Both pumps swallow their own errors, so this only waits; a pipe still open afterwards is abandoned.
        if (!Task.WaitAll([outputPump, errorPump], drain) && ProcessGroup.Kill(group))
        {
            // A descendant left in the process's group holds the pipes: it is killed, and its pipe ends close.
            _ = Task.WaitAll([outputPump, errorPump], SystemProcessRunner.PipeDrainGrace);
        }

        stop.Cancel();
        _ = Task.WaitAll([outputPump, errorPump, inputPump], SystemProcessRunner.PipeDrainGrace);

        var exitCode = exited ? process.ExitCode : -1;
        var standardError = error.Snapshot();
        if (launcher is not null && exited && exitCode is 126 or 127 && standardError.StartsWith("setsid: failed to execute", StringComparison.Ordinal))
        {
            throw new ProcessStartException(spec.FileName, SystemProcessRunner.StartFailure(program, standardError.Trim()));
        }

        return new ProcessResult(exitCode, output.Snapshot(), standardError, TimedOut: !exited)
        {
            StandardOutputTruncated = output.Truncated,
            StandardErrorTruncated = error.Truncated,
        };
    }

    private static bool WaitForExit(Process process, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan || timeout.TotalMilliseconds >= int.MaxValue)
        {
            process.WaitForExit();
            return true;
        }

        return process.WaitForExit(timeout);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
        catch (Win32Exception)
        {
            // Part of the tree could not be killed (already gone, or not ours); the pipe wait below is bounded anyway.
        }
        catch (NotSupportedException)
        {
            // Not a local process; cannot happen for a process we started.
        }
    }

    private static async Task PumpAsync(StreamReader reader, Capture sink, CancellationToken cancellationToken)
    {
        // Small: a hook-tool answer is a line or a short JSON object, and every page a short-lived charm process touches
        // for the first time costs a page fault; the reader has its own buffer besides.
        var buffer = new char[4096];
        try
        {
            while (true)
            {
                var count = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    return;
                }

                sink.Append(buffer, count);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task WriteInputAsync(StreamWriter writer, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (!string.IsNullOrEmpty(input))
            {
                // Straight to the pipe: the writer's encoder has no preamble, and nothing is left buffered in it.
                await writer.BaseStream.WriteAsync(Utf8.GetBytes(input), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // The process exited (or closed its standard input) without reading everything.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            try
            {
                writer.Close();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Charm.Framework.Processes;

/// <summary>
/// Runs real processes. The program is started directly with its argument vector (no shell ever parses it);
/// standard input, output and error are redirected and UTF-8; output and error are read concurrently, so a
/// process that writes a lot to both cannot deadlock; each is kept up to <see cref="MaxStreamLength"/> characters while
/// it is read (the rest is read and dropped, and the result says so), so a runaway process cannot exhaust this one's
/// memory; and when the timeout runs out the process's group is killed and the result says <see cref="ProcessResult.TimedOut"/>.
/// </summary>
/// <remarks>
/// <para>
/// A program name without a <c>/</c> is looked up on <c>PATH</c> — the <c>PATH</c> given to the constructor if there
/// is one, else this process's — and nowhere else (not the current directory, not the application's directory).
/// </para>
/// <para>
/// <b>Process groups.</b> On Linux each process is started through <c>setsid</c> (unless <see cref="ProcessGroups"/> is
/// off), so it leads a process group of its own; a timeout kills the whole group (descendants re-parented to init
/// included), and after the process exits, a descendant still in its group that holds the output pipes open is killed
/// after <see cref="PipeDrainGrace"/>, so <see cref="Run"/> never waits for it. Without <c>setsid</c> only the process
/// tree .NET can see is killed, and after an exit the runner waits for the pipes until the timeout runs out (at least
/// <see cref="PipeDrainGrace"/>). Whatever was read by then is returned.
/// </para>
/// <para>Instances are immutable and may be shared between threads.</para>
/// </remarks>
public sealed class SystemProcessRunner : IProcessRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Dictionary<string, string?> _environment;

    /// <summary>Creates a runner whose processes inherit this process's environment unchanged.</summary>
    public SystemProcessRunner()
    {
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal);
    }

    /// <summary>Creates a runner whose processes get this process's environment with <paramref name="environment"/> applied on top.</summary>
    /// <param name="environment">
    /// Variables to set in every process started (a <see langword="null"/> value removes the variable). A <c>PATH</c> here is
    /// also the one used to find the program.
    /// </param>
    public SystemProcessRunner(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = new Dictionary<string, string?>(environment, StringComparer.Ordinal);
    }

    /// <summary>The longest standard output or error kept by default: 4 Mi characters each (a member list of thousands of members).</summary>
    public const int DefaultMaxStreamLength = 4 * 1024 * 1024;

    /// <summary>
    /// How many characters of each of standard output and error are kept (default <see cref="DefaultMaxStreamLength"/>);
    /// the rest is read and dropped as it arrives, and <see cref="ProcessResult.StandardOutputTruncated"/> or
    /// <see cref="ProcessResult.StandardErrorTruncated"/> says so. Must be positive.
    /// </summary>
    public int MaxStreamLength
    {
        get => _maxStreamLength;
        init => _maxStreamLength = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The stream limit must be positive.");
    }

    private readonly int _maxStreamLength = DefaultMaxStreamLength;

    /// <summary>
    /// Whether each process is started through <c>setsid</c> in a process group of its own (default
    /// <see langword="true"/>; see the class remarks). <see langword="false"/> starts the program directly: a timeout kills
    /// the process tree .NET can see, and after an exit the runner waits for the output pipes until the timeout runs out.
    /// That saves an <c>exec</c> of <c>setsid</c> per call (about a millisecond of CPU, as much as a small program's own
    /// run), and suits programs that leave no descendants behind, such as Juju's hook tools, which the dispatcher runs so.
    /// </summary>
    public bool ProcessGroups { get; init; } = true;

    /// <summary>A shared runner that adds nothing to the environment.</summary>
    public static SystemProcessRunner Instance { get; } = new();

    /// <summary>
    /// How long, at least, to wait for a process's output streams to end after it exited or was killed, and how long to
    /// wait for a killed process to be reaped: 2 seconds.
    /// </summary>
    public static TimeSpan PipeDrainGrace { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The variables this runner sets (or, with a <see langword="null"/> value, removes) in every process.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The timeout is zero or negative (and not <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public ProcessResult Run(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var timeout = spec.Timeout;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), timeout, "A process timeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        var program = ResolveProgram(spec.FileName);
        var launcher = ProcessGroups ? ProcessGroup.Launcher : null;
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

        foreach (var (name, value) in _environment)
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
            throw new ProcessStartException(
                spec.FileName,
                $"Could not start '{program}': {e.Message}. Check that it exists, is executable (chmod +x) and, for a script, that its '#!' interpreter is installed.",
                e);
        }

        using var stop = new CancellationTokenSource();
        var output = new Capture(_maxStreamLength);
        var error = new Capture(_maxStreamLength);
        var outputPump = Task.Run(() => PumpAsync(process.StandardOutput, output, stop.Token));
        var errorPump = Task.Run(() => PumpAsync(process.StandardError, error, stop.Token));
        var inputPump = Task.Run(() => WriteInputAsync(process.StandardInput, spec.StandardInput, stop.Token));
        var group = launcher is null ? 0 : process.Id;

        bool exited = WaitForExit(process, timeout);
        if (!exited)
        {
            _ = ProcessGroup.Kill(group);
            KillTree(process);
            _ = process.WaitForExit(PipeDrainGrace);
        }

        var drain = PipeDrainGrace;
        if (exited && group == 0 && timeout != Timeout.InfiniteTimeSpan)
        {
            var remaining = timeout - clock.Elapsed;
            drain = remaining > drain ? remaining : drain;
        }
        else if (exited && group == 0)
        {
            drain = Timeout.InfiniteTimeSpan;
        }

        // Both pumps swallow their own errors, so this only waits; a pipe still open afterwards is abandoned.
        if (!Task.WaitAll([outputPump, errorPump], drain) && ProcessGroup.Kill(group))
        {
            // A descendant left in the process's group holds the pipes: it is killed, and its pipe ends close.
            _ = Task.WaitAll([outputPump, errorPump], PipeDrainGrace);
        }

        stop.Cancel();
        _ = Task.WaitAll([outputPump, errorPump, inputPump], PipeDrainGrace);

        var exitCode = exited ? process.ExitCode : -1;
        var standardError = error.Snapshot();
        if (launcher is not null && exited && exitCode is 126 or 127 && standardError.StartsWith("setsid: failed to execute", StringComparison.Ordinal))
        {
            throw new ProcessStartException(
                spec.FileName,
                $"Could not start '{program}': {standardError.Trim()}. Check that it exists, is executable (chmod +x) and, for a script, that its '#!' interpreter is installed.");
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

    private string ResolveProgram(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (OperatingSystem.IsWindows())
        {
            // Windows has its own search rules (PATHEXT); leave them to the platform.
            return fileName;
        }

        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(fileName);
            if (!File.Exists(full))
            {
                throw new ProcessStartException(fileName, $"Cannot run '{fileName}': there is no file '{full}'. Check the path.");
            }

            if (!IsExecutable(full))
            {
                throw new ProcessStartException(fileName, $"Cannot run '{fileName}': '{full}' is not executable. Make it executable (chmod +x '{full}').");
            }

            return full;
        }

        var path = _environment.TryGetValue("PATH", out var overridden) ? overridden : System.Environment.GetEnvironmentVariable("PATH");
        string? notExecutable = null;
        foreach (var directory in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate;
            try
            {
                candidate = Path.Combine(directory, fileName);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (!File.Exists(candidate))
            {
                continue;
            }

            if (IsExecutable(candidate))
            {
                return candidate;
            }

            notExecutable ??= candidate;
        }

        if (notExecutable is not null)
        {
            throw new ProcessStartException(
                fileName,
                $"Cannot run '{fileName}': '{notExecutable}' was found on PATH but is not executable. Make it executable (chmod +x '{notExecutable}').");
        }

        throw new ProcessStartException(
            fileName,
            $"Cannot run '{fileName}': it was not found on PATH ({(string.IsNullOrEmpty(path) ? "PATH is empty" : path)}). Install it, or put the directory that holds it on PATH.");
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsExecutable(string file)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return (File.GetUnixFileMode(file) & anyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

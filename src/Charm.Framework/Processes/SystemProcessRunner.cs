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
/// <b>Process groups.</b> Each process leads a process group of its own (unless <see cref="ProcessGroups"/> is off): a
/// timeout kills the whole group (descendants re-parented to init included), and after the process exits, a descendant
/// still in its group that holds the output pipes open is killed after <see cref="PipeDrainGrace"/>, so <see cref="Run"/>
/// never waits for it. Without a group only the process tree is killed (the process and the descendants the kernel
/// still lists as its children), and after an exit the runner waits for the pipes until the timeout runs out (at least
/// <see cref="PipeDrainGrace"/>). Whatever was read by then is returned.
/// </para>
/// <para>
/// <b>How.</b> On Linux the process is started with <c>posix_spawn</c>, which makes it a group leader itself (no
/// <c>setsid</c> program is run), with an empty signal mask and every signal at its default disposition; its pipes are
/// written and read on the calling thread with <c>poll</c>, and it is reaped with <c>waitpid</c> (no thread-pool work,
/// no <see cref="System.Diagnostics.Process"/>). Elsewhere (or if libc lacks <c>posix_spawn</c>) it is started with
/// <see cref="System.Diagnostics.Process"/>, through <c>setsid</c> for a group where there is one; the rules are the same.
/// </para>
/// <para>Instances are immutable and may be shared between threads.</para>
/// </remarks>
public sealed class SystemProcessRunner : IProcessRunner
{
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
    /// Whether each process leads a process group of its own (default <see langword="true"/>; see the class remarks).
    /// <see langword="false"/> starts it in this process's group: a timeout kills the process tree, and after an exit the
    /// runner waits for the output pipes until the timeout runs out. That suits programs that leave no descendants
    /// behind, such as Juju's hook tools, which the dispatcher runs so (on the portable path it also saves the
    /// <c>exec</c> of <c>setsid</c>).
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
        if (SpawnRun.IsAvailable)
        {
            var result = SpawnRun.Run(program, spec, _environment, ProcessGroups, _maxStreamLength);
            if (result is not null)
            {
                return result;
            }
        }

        return ProcessClassRun.Run(program, spec, _environment, ProcessGroups, _maxStreamLength);
    }

    /// <summary>
    /// How long to wait for the output streams after the process ended: <see cref="PipeDrainGrace"/>, except that a
    /// process that exited on its own outside a group of its own (so a descendant holding the pipes cannot be killed
    /// with it) gets what is left of its timeout, if that is longer, or forever under an infinite timeout.
    /// </summary>
    internal static TimeSpan DrainBudget(bool exited, bool grouped, TimeSpan timeout, TimeSpan elapsed)
    {
        if (!exited || grouped)
        {
            return PipeDrainGrace;
        }

        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var remaining = timeout - elapsed;
        return remaining > PipeDrainGrace ? remaining : PipeDrainGrace;
    }

    /// <summary>The message of a <see cref="ProcessStartException"/> for a program the system could not start.</summary>
    internal static string StartFailure(string program, string reason) =>
        $"Could not start '{program}': {reason}. Check that it exists, is executable (chmod +x) and, for a script, that its '#!' interpreter is installed.";

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

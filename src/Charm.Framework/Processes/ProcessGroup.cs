using Charm.Framework.Native;

namespace Charm.Framework.Processes;

/// <summary>
/// Puts each process <see cref="SystemProcessRunner"/> starts in a process group of its own, so that the process and
/// every descendant that stays in the group (including those re-parented to init when their parent exits) can be
/// killed at once. The group is made by starting the program through <c>setsid</c> (util-linux), which calls
/// <c>setsid(2)</c> and then replaces itself with the program: the program keeps the process id .NET reports, and that
/// id is the group's id. Where there is no <c>setsid</c> (or on Windows) processes run as before and only the process
/// tree .NET can see is killed.
/// </summary>
/// <remarks>A descendant that makes its own session or group (a daemon) leaves the group by design and is not killed.</remarks>
internal static class ProcessGroup
{
    private const int SigKill = 9;

    private static readonly Lazy<string?> SetSid = new(FindSetSid);

    /// <summary>The <c>setsid</c> program to start processes through, or <see langword="null"/> when groups are not available.</summary>
    public static string? Launcher => SetSid.Value;

    /// <summary>Sends SIGKILL to every process in group <paramref name="groupId"/>; whether any process received it.</summary>
    public static bool Kill(int groupId)
    {
        if (OperatingSystem.IsWindows() || groupId <= 1)
        {
            return false;
        }

        return Libc.Kill(-groupId, SigKill) == 0;
    }

    /// <summary>Whether some process is still in group <paramref name="groupId"/> (signal 0 probes without sending).</summary>
    public static bool Exists(int groupId) =>
        !OperatingSystem.IsWindows() && groupId > 1 && Libc.Kill(-groupId, 0) == 0;

    private static string? FindSetSid()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // This process's own PATH (not the one given to a runner): the launcher is part of the runner, not of the workload.
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathFullyQualified(directory))
            {
                continue;
            }

            var candidate = Path.Combine(directory, "setsid");
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}

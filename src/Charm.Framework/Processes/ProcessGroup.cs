using Charm.Framework.Native;

namespace Charm.Framework.Processes;

/// <summary>
/// Puts each process <see cref="SystemProcessRunner"/> starts in a process group of its own, so that the process and
/// every descendant that stays in the group (including those re-parented to init when their parent exits) can be
/// killed at once. On Linux the child is made a group leader by <c>posix_spawn</c> itself (<see cref="SpawnedChild"/>);
/// the portable path over <see cref="System.Diagnostics.Process"/> starts the program through <c>setsid</c>
/// (util-linux, <see cref="Launcher"/>), which calls <c>setsid(2)</c> and then replaces itself with the program. Either
/// way the program's process id is the group's id.
/// </summary>
internal static class ProcessGroup
{
    private const int SigKill = 9;

    private static readonly Lazy<string?> SetSid = new(FindSetSid);

    /// <summary>The <c>setsid</c> program the portable path starts processes through, or <see langword="null"/> when it has none.</summary>
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

    /// <summary>
    /// Sends SIGKILL to <paramref name="pid"/> and every descendant of it that Linux lists as a child
    /// (<c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c>), found before any is killed: the tree <see cref="System.Diagnostics.Process.Kill(bool)"/> would kill.
    /// Those re-parented to init are not in it (the group kill reaches them).
    /// </summary>
    public static void KillTree(int pid)
    {
        var tree = new List<int> { pid };
        for (var i = 0; i < tree.Count && tree.Count < 4096; i++)
        {
            foreach (var child in ChildrenOf(tree[i]))
            {
                if (!tree.Contains(child))
                {
                    tree.Add(child);
                }
            }
        }

        foreach (var member in tree)
        {
            _ = Libc.Kill(member, SigKill);
        }
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string children;
            try
            {
                children = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var field in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(field, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var child))
                {
                    yield return child;
                }
            }
        }
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

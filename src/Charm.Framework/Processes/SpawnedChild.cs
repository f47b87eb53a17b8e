using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using Charm.Framework.Native;

namespace Charm.Framework.Processes;

/// <summary>
/// A child started with <c>posix_spawn</c> (Linux): its process id, the parent's ends of its three pipes (non-blocking,
/// close-on-exec) and, where the kernel has it, a pidfd that becomes readable when the child exits.
/// </summary>
/// <remarks>
/// <para>
/// The child starts with an empty signal mask and every signal at its default disposition (this process's handlers, and
/// the SIGPIPE .NET ignores, are not inherited). With <c>ownGroup</c> the child is made the leader of a new process group
/// before it runs the program (<c>POSIX_SPAWN_SETPGROUP</c> with group 0), so no <c>setsid</c> program is needed.
/// </para>
/// <para>
/// No <see cref="System.Diagnostics.Process"/> is involved: .NET's SIGCHLD handling reaps only the children it started
/// itself, so this child is reaped by <see cref="ChildIo"/>'s <c>waitpid</c>.
/// </para>
/// </remarks>
internal sealed unsafe class SpawnedChild
{
    private SpawnedChild(int pid, int input, int output, int error, int pidFd)
    {
        Pid = pid;
        Input = input;
        Output = output;
        Error = error;
        PidFd = pidFd;
    }

    public int Pid { get; }

    public int Input { get; }

    public int Output { get; }

    public int Error { get; }

    /// <summary>A pidfd for the child, or -1 when the kernel does not offer <c>pidfd_open</c> (before Linux 5.3, or a seccomp filter).</summary>
    public int PidFd { get; }

    /// <summary>Starts <paramref name="program"/> (an absolute path) with <paramref name="arguments"/> and <paramref name="environment"/>.</summary>
    /// <returns>The child, or the error number <c>posix_spawn</c> reported (the program was not started) in <paramref name="error"/>.</returns>
    public static SpawnedChild? Start(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, bool ownGroup, out int error)
    {
        var strings = new List<string>(arguments.Count + 2) { program };
        strings.AddRange(arguments);
        var argumentCount = strings.Count;
        strings.AddRange(EnvironmentBlock(environment));
        var (block, offsets) = Encode(strings, program);

        int* fds = stackalloc int[6];
        for (var i = 0; i < 6; i++)
        {
            fds[i] = -1;
        }

        var spawned = false;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                MakePipe(fds + (2 * i));
            }

            // Pipes are [read, write]: the child reads stdin's read end (fds[0]) and writes the others' write ends.
            int childIn = fds[0], parentIn = fds[1], parentOut = fds[2], childOut = fds[3], parentErr = fds[4], childErr = fds[5];
            error = SpawnWith(block, offsets, argumentCount, childIn, childOut, childErr, ownGroup, out var pid);
            if (error != 0)
            {
                return null;
            }

            spawned = true;
            foreach (var childEnd in (ReadOnlySpan<int>)[childIn, childOut, childErr])
            {
                _ = Posix.Close(childEnd);
            }

            foreach (var parentEnd in (ReadOnlySpan<int>)[parentIn, parentOut, parentErr])
            {
                _ = Posix.Control(parentEnd, Posix.SetStatusFlags, Posix.NonBlocking);
            }

            var pidFd = (int)Posix.SystemCall(Posix.PidFdOpen, pid, 0);
            return new SpawnedChild(pid, parentIn, parentOut, parentErr, pidFd < 0 ? -1 : pidFd);
        }
        finally
        {
            if (!spawned)
            {
                for (var i = 0; i < 6; i++)
                {
                    if (fds[i] >= 0)
                    {
                        _ = Posix.Close(fds[i]);
                    }
                }
            }
        }
    }

    private static int SpawnWith(byte[] block, int[] offsets, int argumentCount, int childIn, int childOut, int childErr, bool ownGroup, out int pid)
    {
        var vector = new nint[offsets.Length + 2]; // argv, NULL, envp, NULL: the NULL after argv sits at index argumentCount
        byte* fileActions = stackalloc byte[Posix.FileActionsSize];
        byte* attributes = stackalloc byte[Posix.SpawnAttributesSize];
        byte* mask = stackalloc byte[Posix.SignalSetSize];
        byte* defaults = stackalloc byte[Posix.SignalSetSize];
        new Span<byte>(fileActions, Posix.FileActionsSize).Clear();
        new Span<byte>(attributes, Posix.SpawnAttributesSize).Clear();
        int error;
        int child = 0;
        if ((error = Posix.FileActionsInit(fileActions)) != 0)
        {
            pid = 0;
            return error;
        }

        try
        {
            if ((error = Posix.AttributesInit(attributes)) != 0)
            {
                pid = 0;
                return error;
            }

            try
            {
                _ = Posix.SignalSetEmpty(mask);
                _ = Posix.SignalSetFill(defaults);
                AddLibcInternalSignals(defaults);
                var flags = (short)(Posix.SpawnSetSignalMask | Posix.SpawnSetSignalDefaults | (ownGroup ? Posix.SpawnSetProcessGroup : 0));
                if ((error = Posix.AttributesSetFlags(attributes, flags)) != 0
                    || (error = Posix.AttributesSetSignalMask(attributes, mask)) != 0
                    || (error = Posix.AttributesSetSignalDefaults(attributes, defaults)) != 0
                    || (ownGroup && (error = Posix.AttributesSetProcessGroup(attributes, 0)) != 0)
                    || (error = Posix.FileActionsAddDup2(fileActions, childIn, 0)) != 0
                    || (error = Posix.FileActionsAddDup2(fileActions, childOut, 1)) != 0
                    || (error = Posix.FileActionsAddDup2(fileActions, childErr, 2)) != 0)
                {
                    pid = 0;
                    return error;
                }

                fixed (byte* strings = block)
                fixed (nint* pointers = vector)
                {
                    for (int i = 0, slot = 0; i < offsets.Length; i++, slot++)
                    {
                        if (i == argumentCount)
                        {
                            pointers[slot++] = 0;
                        }

                        pointers[slot] = (nint)(strings + offsets[i]);
                    }

                    // Both NULL terminators: the vector was zeroed, and only the slots above were written.
                    var argv = (byte**)pointers;
                    var envp = (byte**)(pointers + argumentCount + 1);
                    error = Posix.Spawn(&child, strings, fileActions, attributes, argv, envp);
                }
            }
            finally
            {
                _ = Posix.AttributesDestroy(attributes);
            }
        }
        finally
        {
            _ = Posix.FileActionsDestroy(fileActions);
        }

        pid = child;
        return error;
    }

    /// <summary>
    /// Adds signals 32 and 33 to a signal set. glibc reserves them for itself: its <c>sigfillset</c> and <c>sigaddset</c>
    /// leave them out, and its <c>posix_spawn</c> sets them to SIG_IGN in the child unless they are in the
    /// default-disposition set, so the program would start with them ignored (a glibc program re-installs its own
    /// handlers, other programs would not). A Linux signal set is the kernel's bit array: signal n is bit n - 1.
    /// </summary>
    private static void AddLibcInternalSignals(byte* signals)
    {
        var words = (ulong*)signals;
        words[0] |= (1UL << 31) | (1UL << 32);
    }

    /// <summary>This process's environment with <paramref name="overrides"/> applied (a null value removes), as <c>NAME=value</c> entries.</summary>
    private static IEnumerable<string> EnvironmentBlock(IReadOnlyDictionary<string, string?> overrides)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                merged[name] = value;
            }
        }

        foreach (var (name, value) in overrides)
        {
            if (value is null)
            {
                _ = merged.Remove(name);
            }
            else
            {
                merged[name] = value;
            }
        }

        foreach (var (name, value) in merged)
        {
            yield return name + "=" + value;
        }
    }

    /// <summary>All strings as NUL-terminated UTF-8 in one block, and where each starts.</summary>
    private static (byte[] Block, int[] Offsets) Encode(List<string> strings, string program)
    {
        var total = 0;
        foreach (var text in strings)
        {
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Cannot run '{program}': an argument or environment variable contains a NUL character, which a process's argument vector and environment cannot carry. Remove it.");
            }

            total += Encoding.UTF8.GetByteCount(text) + 1;
        }

        var block = new byte[total];
        var offsets = new int[strings.Count];
        var at = 0;
        for (var i = 0; i < strings.Count; i++)
        {
            offsets[i] = at;
            at += Encoding.UTF8.GetBytes(strings[i], 0, strings[i].Length, block, at) + 1;
        }

        return (block, offsets);
    }

    /// <summary>
    /// A close-on-exec pipe whose two ends are both above 2, so that no <c>dup2</c> onto 0, 1 or 2 in the child can
    /// overwrite an end another <c>dup2</c> still needs (this process may have been started with a standard stream closed).
    /// </summary>
    private static void MakePipe(int* ends)
    {
        if (Posix.Pipe(ends, Posix.CloseOnExec) != 0)
        {
            throw new IOException($"Cannot create a pipe for a child process: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}. Check the process's open-file limit (ulimit -n).");
        }

        for (var i = 0; i < 2; i++)
        {
            if (ends[i] > 2)
            {
                continue;
            }

            var moved = Posix.Control(ends[i], Posix.DuplicateCloseOnExec, 3);
            var errno = Marshal.GetLastPInvokeError();
            _ = Posix.Close(ends[i]);
            ends[i] = moved;
            if (moved < 0)
            {
                throw new IOException($"Cannot move a child process's pipe above the standard streams: {Marshal.GetPInvokeErrorMessage(errno)}.");
            }
        }
    }
}

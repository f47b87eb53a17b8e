using System.Runtime.InteropServices;

namespace Charm.Framework.Native;

/// <summary>The few libc calls .NET has no API for: signalling a process group, and fsync of a directory.</summary>
internal static class Libc
{
    private const int OpenReadOnly = 0;

    // O_CLOEXEC is 02000000 on every Linux architecture .NET runs on; O_DIRECTORY is not (it differs on arm64), and
    // opening a directory read-only needs no flag for it.
    private const int OpenCloseOnExec = 0x80000;

    /// <summary><c>kill(2)</c>: a negative <paramref name="pid"/> addresses the process group; 0 or -1 with errno set.</summary>
    public static int Kill(int pid, int signal) => NativeMethods.kill(pid, signal);

    /// <summary>
    /// Flushes <paramref name="directory"/>'s entries to disk (<c>fsync(2)</c> on the directory), so that a rename in it
    /// survives a power cut. A no-op off Linux.
    /// </summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var path = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        var fd = NativeMethods.open(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush the directory {directory} to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

#pragma warning disable CA2101, IDE1006, SYSLIB1054 // Blittable arguments only (ints and a byte array): no marshalling code to generate.
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int kill(int pid, int sig);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int close(int fd);
    }
#pragma warning restore CA2101, IDE1006, SYSLIB1054
}

using System.Runtime.InteropServices;

namespace Charm.Framework.Native;

/// <summary>
/// The libc calls the Linux process runner starts and watches a child with: <c>posix_spawn</c> and its attribute and
/// file-action objects, pipes, <c>poll</c>, <c>read</c>/<c>write</c>, <c>waitpid</c> and <c>pidfd_open</c>. Generated
/// marshalling only (no reflection), so they are safe under Native AOT.
/// </summary>
/// <remarks>
/// The opaque <c>posix_spawn_file_actions_t</c>, <c>posix_spawnattr_t</c> and <c>sigset_t</c> are given buffers several
/// times their size on glibc x86_64 (80, 336 and 128 bytes), so no libc or architecture can overrun them.
/// </remarks>
internal static unsafe partial class Posix
{
    public const int FileActionsSize = 256;
    public const int SpawnAttributesSize = 1024;
    public const int SignalSetSize = 256;

    public const short SpawnSetProcessGroup = 0x02;
    public const short SpawnSetSignalDefaults = 0x04;
    public const short SpawnSetSignalMask = 0x08;

    public const int CloseOnExec = 0x80000; // O_CLOEXEC, the same on every Linux architecture .NET runs on
    public const int NonBlocking = 0x800; // O_NONBLOCK (x86_64, arm64)
    public const int SetStatusFlags = 4; // F_SETFL
    public const int DuplicateCloseOnExec = 1030; // F_DUPFD_CLOEXEC

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollError = 0x8;
    public const short PollHangUp = 0x10;
    public const short PollInvalid = 0x20;

    public const int NoHang = 1; // WNOHANG
    public const int Interrupted = 4; // EINTR
    public const int TryAgain = 11; // EAGAIN (= EWOULDBLOCK)
    public const int NoChild = 10; // ECHILD

    public const int SigKill = 9;

    /// <summary>The <c>pidfd_open</c> system call's number: 434 on every architecture (the numbers were unified from 424 on).</summary>
    public const nint PidFdOpen = 434;

    /// <summary>One entry of <c>poll</c>'s array (<c>struct pollfd</c>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

#pragma warning disable IDE1006, SA1300 // libc's own names.
    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int FileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int AttributesSetProcessGroup(void* attributes, int processGroup);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int AttributesSetSignalMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int AttributesSetSignalDefaults(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int SignalSetEmpty(void* signals);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int SignalSetFill(void* signals);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Pipe(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Control(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial nint SystemCall(nint number, nint first, nint second);
#pragma warning restore IDE1006, SA1300
}

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// A test that needs <c>unshare --uts</c>: it runs only on Linux, as root, with <c>unshare</c> on <c>PATH</c>, and is
/// reported as skipped (with the reason) elsewhere.
/// </summary>
public sealed class NamespaceHostNamesFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the machine cannot give a process its own UTS namespace.</summary>
    public NamespaceHostNamesFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "UTS namespaces exist only on Linux.";
        }
        else if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root ('unshare --uts' and 'hostname'); run the tests as root to include it.";
        }
        else if (!OnPath("unshare"))
        {
            Skip = "Needs 'unshare' (util-linux) on PATH.";
        }
    }

    private static bool OnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}

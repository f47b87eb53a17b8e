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
        else if (Refusal.Value is { } refusal)
        {
            Skip = "'unshare --uts' is refused on this machine (root without CAP_SYS_ADMIN, e.g. in a container): " + refusal;
        }
    }

    /// <summary>Why <c>unshare --uts</c> cannot set a host name here, or <see langword="null"/> when it can (asked once).</summary>
    private static readonly Lazy<string?> Refusal = new(() =>
    {
        try
        {
            using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("unshare", ["--uts", "--", "hostname", "uts-probe"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var error = probe.StandardError.ReadToEnd();
            if (!probe.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                probe.Kill();
                return "it did not finish within 10 s";
            }

            return probe.ExitCode == 0 ? null : $"exit {probe.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    });

    private static bool OnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}

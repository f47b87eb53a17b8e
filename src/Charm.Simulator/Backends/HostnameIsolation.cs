using Charm.Framework.Processes;

namespace Charm.Simulator.Backends;

/// <summary>
/// Whether each unit's charm process can run under its own host name: as root on Linux, <c>unshare --uts</c> gives the
/// process a private UTS namespace in which <c>hostname</c> may be set. Probed once per process.
/// </summary>
internal static class HostnameIsolation
{
    private const string ProbeName = "charm-sim-probe";

    private static readonly Lazy<string?> Problem = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether it works; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool IsAvailable(out string reason)
    {
        reason = Problem.Value ?? "";
        return Problem.Value is null;
    }

    /// <summary>The command that runs <paramref name="dispatch"/> in <paramref name="directory"/> under <paramref name="hostName"/>.</summary>
    public static ProcessSpec Isolated(string dispatch, string hostName, string directory, TimeSpan timeout)
        => new("unshare", ["--uts", "sh", "-c", "hostname \"$1\" || exit 97; cd \"$2\" || exit 98; unset OLDPWD; exec \"$0\"", dispatch, hostName, directory], timeout);

    /// <summary>The command that runs <paramref name="dispatch"/> in <paramref name="directory"/> under the machine's host name.</summary>
    public static ProcessSpec Plain(string dispatch, string directory, TimeSpan timeout)
        => new("sh", ["-c", "cd \"$1\" || exit 98; unset OLDPWD; exec \"$0\"", dispatch, directory], timeout);

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "UTS namespaces exist only on Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "the simulator is not running as root, which 'unshare --uts' and 'hostname' need";
        }

        try
        {
            var result = SystemProcessRunner.Instance.Run(new ProcessSpec(
                "unshare",
                ["--uts", "sh", "-c", $"hostname {ProbeName} && test \"$(uname -n)\" = {ProbeName}"],
                TimeSpan.FromSeconds(10)));
            return result.Succeeded ? null : $"'unshare --uts' failed: {(result.TimedOut ? "timed out" : result.StandardError.Trim())}";
        }
        catch (ProcessStartException e)
        {
            return e.Message;
        }
    }
}

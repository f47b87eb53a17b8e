using System.Diagnostics;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;

#pragma warning disable CA1050 // The runtime looks the startup hook up by this exact name, in the global namespace.

/// <summary>
/// Makes this test assembly a charm program for the real-process tests: a charm directory's <c>dispatch</c> runs
/// <c>dotnet exec Charm.Reliability.Tests.dll</c> with <c>DOTNET_STARTUP_HOOKS</c> naming this assembly and
/// <c>RELIABILITY_CHARM</c> naming the charm (<c>workload</c> or <c>distributor</c>); the runtime calls
/// <see cref="Initialize"/> before the (empty) generated entry point, which dispatches the hook and exits with its code.
/// Without the variable (e.g. under the test host) it does nothing. Test switches are files in the charm directory,
/// each used once: <c>kill-after-bootstrap</c> and <c>kill-after-join</c> make the process kill itself right after that
/// CLI call succeeded, before anything is committed.
/// </summary>
public static class StartupHook
{
    public const string CharmVariable = "RELIABILITY_CHARM";

    public static void Initialize()
    {
        var charm = Environment.GetEnvironmentVariable(CharmVariable);
        if (string.IsNullOrEmpty(charm))
        {
            return;
        }

        // The hook tools and microctl are .NET programs too: they must not inherit the hook.
        Environment.SetEnvironmentVariable("DOTNET_STARTUP_HOOKS", null);
        Environment.SetEnvironmentVariable(CharmVariable, null);
        Environment.Exit(Dispatch(charm));
    }

    // Not inlined: a process that is not a charm (above) never loads the charm assemblies.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int Dispatch(string charm)
        => Dispatcher.Run(
            ctx => charm == "distributor" ? new ProcessDistributorCharm(ctx) : new ProcessWorkloadCharm(ctx),
            new DispatchOptions { HostName = Environment.GetEnvironmentVariable("SIM_HOSTNAME") });
}

internal sealed class ProcessWorkloadCharm : CharmBase
{
    public ProcessWorkloadCharm(CharmContext context)
        : base(context)
    {
        var consumer = new TokenConsumer(this, "cluster", new ClusterCommand("microctl"));
        consumer.Bootstrapped += _ => KillIfAsked("kill-after-bootstrap");
        consumer.Joined += e =>
        {
            if (!e.Bootstrapper)
            {
                KillIfAsked("kill-after-join");
            }
        };
    }

    private void KillIfAsked(string flag)
    {
        var path = Path.Combine(Context.Environment.CharmDirectory, flag);
        if (File.Exists(path))
        {
            File.Delete(path);
            Process.GetCurrentProcess().Kill();
        }
    }
}

internal sealed class ProcessDistributorCharm : CharmBase
{
    public ProcessDistributorCharm(CharmContext context)
        : base(context) => _ = new TokenDistributorProvider(this, "microcluster-cluster");
}

using System.Net;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Framework.Dispatch;

/// <summary>
/// The charm's entry point: <c>return Dispatcher.Run(ctx =&gt; new MyCharm(ctx));</c> in <c>Main</c>. It reads the
/// environment Juju set, runs one hook and returns the exit code Juju reads.
/// </summary>
/// <remarks>
/// Exit codes: <see cref="ExitSuccess"/> (0) the hook succeeded; <see cref="ExitHookFailed"/> (1) the charm or a hook
/// tool failed and Juju will retry the hook; <see cref="ExitEnvironmentError"/> (2) the process was not started the way
/// Juju starts a charm; <see cref="ExitStateError"/> (3) the unit's state file cannot be read or written (it is kept).
/// Every failure is explained on standard error; nothing throws out of <see cref="Run"/>.
/// </remarks>
public static class Dispatcher
{
    /// <summary>The hook succeeded.</summary>
    public const int ExitSuccess = 0;

    /// <summary>The hook failed; its databag and state changes were discarded.</summary>
    public const int ExitHookFailed = 1;

    /// <summary>The Juju environment variables are missing or malformed.</summary>
    public const int ExitEnvironmentError = 2;

    /// <summary>The unit's state file cannot be read or written.</summary>
    public const int ExitStateError = 3;

    /// <summary>
    /// The variable that sets <see cref="DispatchOptions.MinimumLogLevel"/> when the options leave it unset:
    /// <c>debug</c>, <c>info</c>, <c>warning</c> or <c>error</c> (any case). Read from
    /// <see cref="DispatchOptions.Environment"/> when given, else from the process environment.
    /// </summary>
    public const string LogLevelVariable = "CHARM_LOG_LEVEL";

    /// <summary>Runs one hook and returns the process exit code.</summary>
    public static int Run(Func<CharmContext, CharmBase> factory, DispatchOptions? options = null)
        => RunHook(factory, options).ExitCode;

    /// <summary>Runs one hook and returns its full outcome.</summary>
    public static HookOutcome RunHook(Func<CharmContext, CharmBase> factory, DispatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new DispatchOptions();
        var error = options.Error ?? Console.Error;
        var variables = options.Environment ?? JujuEnvironment.ProcessVariables();
        JujuEnvironment environment;
        CharmMetadata metadata;
        try
        {
            environment = JujuEnvironment.Parse(variables, Directory.GetCurrentDirectory());
            metadata = options.Metadata ?? CharmMetadata.Load(environment.CharmDirectory);
        }
        catch (JujuEnvironmentException e)
        {
            error.WriteLine("error: " + e.Message);
            return new HookOutcome(ExitEnvironmentError, e, []);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: cannot read the charm's metadata: " + e.Message);
            return new HookOutcome(ExitEnvironmentError, e, []);
        }

        var runner = options.ProcessRunner ?? new SystemProcessRunner();
        var backend = options.Backend ?? new HookToolBackend(runner, options.HookToolTimeout)
        {
            MinimumLogLevel = options.MinimumLogLevel ?? LogLevelFromVariables(variables, error) ?? LogLevel.Info,
        };
        var store = options.StateStore ?? new FileStateStore(Path.Combine(environment.CharmDirectory, FileStateStore.DefaultFileName));
        // The charm's own processes (its workload's CLI) run without Juju's variables and hook tools; the tools keep them.
        var workloadRunner = options.ProcessRunner ?? WorkloadEnvironment.Runner(JujuEnvironment.ProcessVariables());
        var session = new HookSession(environment, backend, store, metadata, workloadRunner, options.HostName ?? Dns.GetHostName(), error);
        return session.Run(factory);
    }

    private static LogLevel? LogLevelFromVariables(IReadOnlyDictionary<string, string> variables, TextWriter error)
    {
        if (!variables.TryGetValue(LogLevelVariable, out var value) || value.Length == 0)
        {
            return null;
        }

        switch (value.ToUpperInvariant())
        {
            case "DEBUG":
                return LogLevel.Debug;
            case "INFO":
                return LogLevel.Info;
            case "WARNING":
            case "WARN":
                return LogLevel.Warning;
            case "ERROR":
                return LogLevel.Error;
            default:
                error.WriteLine($"warning: {LogLevelVariable}='{value}' is not a log level (debug, info, warning or error); using INFO.");
                return null;
        }
    }
}

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

    /// <summary>
    /// The variable the simulator (charm-sim) sets for every hook process it runs: the simulated time the hook runs at,
    /// in the round-trip format (<c>2026-01-01T00:00:05.0000000+00:00</c>). When set, and
    /// <see cref="DispatchOptions.Time"/> is not, <see cref="CharmContext.Time"/> is fixed at that instant (the simulated
    /// clock does not move while a hook runs). Juju never sets it: there the clock is the system's.
    /// </summary>
    public const string SimulatedTimeVariable = "CHARM_SIM_TIME";

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

        var time = options.Time;
        if (time is null && !TryTimeFromVariables(variables, out time, out var timeError))
        {
            error.WriteLine("error: " + timeError);
            return new HookOutcome(ExitEnvironmentError, new JujuEnvironmentException([timeError]), []);
        }

        // Hook tools leave no descendants (Juju's are one program that asks the unit agent and exits): started without a
        // process group of their own, each call is one exec fewer, about half of a hook tool call's CPU.
        var runner = options.ProcessRunner ?? new SystemProcessRunner { ProcessGroups = false };
        var backend = options.Backend ?? new HookToolBackend(runner, options.HookToolTimeout)
        {
            MinimumLogLevel = options.MinimumLogLevel ?? LogLevelFromVariables(variables, error) ?? LogLevel.Info,
        };
        var store = options.StateStore ?? new FileStateStore(Path.Combine(environment.CharmDirectory, FileStateStore.DefaultFileName));
        // The charm's own processes (its workload's CLI) run without Juju's variables and hook tools; the tools keep them.
        var workloadRunner = options.ProcessRunner ?? WorkloadEnvironment.Runner(JujuEnvironment.ProcessVariables());
        var session = new HookSession(environment, backend, store, metadata, workloadRunner, options.HostName ?? Dns.GetHostName(), error) { Time = time ?? TimeProvider.System };
        return session.Run(factory);
    }

    /// <summary>
    /// The simulated time in <see cref="SimulatedTimeVariable"/>: <see langword="null"/> when unset (real Juju); false with
    /// the reason when it is set to something that is not a round-trip time.
    /// </summary>
    private static bool TryTimeFromVariables(IReadOnlyDictionary<string, string> variables, out TimeProvider? time, out string error)
    {
        time = null;
        error = "";
        if (!variables.TryGetValue(SimulatedTimeVariable, out var value) || value.Length == 0)
        {
            return true;
        }

        if (!DateTimeOffset.TryParseExact(value, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant))
        {
            error = $"{SimulatedTimeVariable}='{value}' is not a round-trip time such as 2026-01-01T00:00:00.0000000+00:00; only the simulator sets it: unset it to use the system clock.";
            return false;
        }

        time = new FixedTimeProvider(instant.ToUniversalTime());
        return true;
    }

    /// <summary>A clock that stands at one instant: a simulated hook's time.</summary>
    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
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

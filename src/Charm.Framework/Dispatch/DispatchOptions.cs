using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Framework.Dispatch;

/// <summary>Overrides for <see cref="Dispatcher.Run"/>; every property defaults to what a real Juju agent provides.</summary>
public sealed class DispatchOptions
{
    /// <summary>The environment variables; default: the process environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The Juju backend; default: <see cref="HookToolBackend"/> over real hook tools.</summary>
    public IJujuBackend? Backend { get; init; }

    /// <summary>The state store; default: <see cref="FileStateStore"/> at <c>.unit-state.json</c> in the charm directory.</summary>
    public IStateStore? StateStore { get; init; }

    /// <summary>The charm's endpoints; default: read from <c>metadata.yaml</c> or <c>charmcraft.yaml</c> in the charm directory.</summary>
    public CharmMetadata? Metadata { get; init; }

    /// <summary>Runs workload commands; default: real processes.</summary>
    public IProcessRunner? ProcessRunner { get; init; }

    /// <summary>The node name; default: the machine's host name (<c>uname -n</c>).</summary>
    public string? HostName { get; init; }

    /// <summary>
    /// The hook's clock (<see cref="CharmContext.Time"/>); default: the simulated time in
    /// <see cref="Dispatcher.SimulatedTimeVariable"/> when the simulator set it, else the system clock.
    /// </summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Where errors are written; default: standard error.</summary>
    public TextWriter? Error { get; init; }

    /// <summary>
    /// With the default backend, the least severe level a log line needs to be sent with <c>juju-log</c>; lines below it
    /// are dropped without running the tool (each call is a process). Default: the level named by the
    /// <see cref="Dispatcher.LogLevelVariable"/> variable (<c>debug</c>, <c>info</c>, <c>warning</c> or <c>error</c>) when it
    /// is set, else <see cref="LogLevel.Info"/>, which is what a Juju model keeps of a unit's log at its default logging
    /// configuration (<c>unit=INFO</c>). Set <see cref="LogLevel.Debug"/> (or the variable to <c>debug</c>) to send
    /// everything, e.g. after <c>juju model-config logging-config="unit=DEBUG"</c>. A backend given in
    /// <see cref="Backend"/> receives every line.
    /// </summary>
    public LogLevel? MinimumLogLevel { get; init; }

    /// <summary>The timeout of each hook-tool call; default 30 s.</summary>
    public TimeSpan HookToolTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;

namespace Charm.Testing;

/// <summary>
/// Runs one hook of a charm against an in-memory model: <c>var result = ctx.Run(Hook.Install, new State());</c>.
/// The hook goes through the same dispatch path as in production (environment parsing, deferral, commit), with the
/// hook tools answered by <see cref="InMemoryBackend"/>.
/// </summary>
/// <remarks>
/// The name is Scenario's (ops' test framework), whose <c>Context</c> is the same entry point. It is not the
/// <see cref="CharmContext"/> a charm's constructor gets; the factory given here receives that one.
/// </remarks>
public sealed class Context
{
    private readonly Func<CharmContext, CharmBase> _factory;

    /// <summary>Creates a context for the charm <paramref name="factory"/> builds.</summary>
    /// <param name="factory">Builds the charm; called once per run.</param>
    /// <param name="metadata">The charm's endpoints (peers matter for databag rules); default: none.</param>
    /// <param name="unitName">This unit's name.</param>
    public Context(Func<CharmContext, CharmBase> factory, CharmMetadata? metadata = null, string unitName = "app/0")
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        if (!Framework.Model.UnitName.TryParse(unitName, out _))
        {
            throw new ArgumentException($"'{unitName}' is not a unit name; expected '<application>/<number>' with a number from 0 to {int.MaxValue}, e.g. 'app/0'.", nameof(unitName));
        }

        Metadata = metadata ?? CharmMetadata.Empty;
        UnitName = unitName;
    }

    /// <summary>The charm's endpoints.</summary>
    public CharmMetadata Metadata { get; }

    /// <summary>This unit's name.</summary>
    public string UnitName { get; }

    /// <summary>Answers workload commands (e.g. <c>microctl</c>); default: every command succeeds with no output.</summary>
    public IProcessRunner ProcessRunner { get; init; } = new RecordingProcessRunner();

    /// <summary>The clock the charm reads through <see cref="CharmContext.Time"/>; default the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Runs <paramref name="hook"/> on a unit in <paramref name="state"/>. Never throws for a charm error: see <see cref="RunResult.EnsureSuccess"/>.</summary>
    public RunResult Run(Hook hook, State state)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(state);
        if (hook.Relation is { } relation && !state.Relations.Any(r => r.Id == relation.Id))
        {
            throw new ArgumentException($"The hook is about relation {relation.RelationId}, which the state does not have; add it with State.WithRelation.", nameof(hook));
        }

        var backend = new InMemoryBackend(UnitName, state, hook);
        var store = new InMemoryStateStore(state.Stored);
        var recorder = new RecordingProcessRunner(ProcessRunner.Run);
        using var error = new StringWriter();
        var outcome = Dispatcher.RunHook(_factory, new DispatchOptions
        {
            Environment = hook.ToEnvironment(UnitName, Path.GetTempPath()),
            Backend = backend,
            StateStore = store,
            Metadata = Metadata,
            ProcessRunner = recorder,
            HostName = state.HostName,
            Error = error,
            Time = Time ?? TimeProvider.System,
        });

        return new RunResult
        {
            Output = backend.Complete(outcome.Succeeded, store.Current, hook.Key.HookName),
            Outcome = outcome,
            BackendCalls = backend.Calls,
            Logs = backend.Logs,
            UnitStatusHistory = backend.UnitStatusHistory,
            AppStatusHistory = backend.AppStatusHistory,
            ProcessCalls = recorder.Calls,
            StandardError = error.ToString(),
        };
    }
}

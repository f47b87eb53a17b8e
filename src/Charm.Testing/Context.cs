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

    /// <summary>The charm's declarations, for a context made by <see cref="FromCharmcraft"/>; otherwise <see langword="null"/>.</summary>
    public CharmDeclaration? Declaration { get; private init; }

    /// <summary>
    /// A context for the charm declared by the <c>charmcraft.yaml</c> at <paramref name="charmcraftYamlPath"/>: its
    /// endpoints, config defaults (answered by <c>config-get</c> for options the state does not set, as Juju does) and
    /// actions (their parameter defaults filled in). A run refuses a state that uses an undeclared endpoint or config
    /// option, or a config value of another type, and an undeclared action or parameter.
    /// </summary>
    /// <param name="factory">Builds the charm.</param>
    /// <param name="charmcraftYamlPath">The charm's <c>charmcraft.yaml</c>.</param>
    /// <param name="unitName">This unit's name; default <c>&lt;charm name&gt;/0</c>.</param>
    /// <param name="processRunner">Answers workload commands (<see cref="ProcessRunner"/>); default: every command succeeds with no output.</param>
    public static Context FromCharmcraft(Func<CharmContext, CharmBase> factory, string charmcraftYamlPath, string? unitName = null, IProcessRunner? processRunner = null)
    {
        var declaration = CharmDeclaration.Load(charmcraftYamlPath);
        return new Context(factory, declaration.Metadata, unitName ?? declaration.Name + "/0")
        {
            Declaration = declaration,
            ProcessRunner = processRunner ?? new RecordingProcessRunner(),
        };
    }

    /// <summary>This unit's name.</summary>
    public string UnitName { get; }

    /// <summary>Answers workload commands (e.g. <c>microctl</c>); default: every command succeeds with no output.</summary>
    public IProcessRunner ProcessRunner { get; init; } = new RecordingProcessRunner();

    /// <summary>
    /// The clock the charm reads through <see cref="CharmContext.Time"/>. Default (<see langword="null"/>): the system's
    /// time when the hook starts, on which a wait (a timer, <c>Task.Delay(d, CharmContext.Time)</c>) returns at once and
    /// moves the hook's time on by its length, so a charm's bounded wait costs a test nothing
    /// (<see cref="RunResult.TimeWaited"/> says how long it waited). A clock given here is used as it is: a
    /// <see cref="TimeProvider"/> whose timers are the system's really waits.
    /// </summary>
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

        var input = state;
        if (Declaration is { } declaration)
        {
            if (declaration.Problems(state) is { Count: > 0 } problems)
            {
                throw new ArgumentException($"The state does not fit {declaration.Name}'s charmcraft.yaml: {string.Join("; ", problems)}.", nameof(state));
            }

            input = state with { Config = declaration.EffectiveConfig(state.Config) };
        }

        var backend = new InMemoryBackend(UnitName, input, hook, Metadata);
        var store = new InMemoryStateStore(state.Stored);
        var recorder = new RecordingProcessRunner(ProcessRunner.Run);
        using var error = new StringWriter();
        var clock = Time is null ? new TestHookClock(TimeProvider.System.GetUtcNow()) : null;
        var outcome = Dispatcher.RunHook(_factory, new DispatchOptions
        {
            Environment = hook.ToEnvironment(UnitName, Path.GetTempPath()),
            Backend = backend,
            StateStore = store,
            Metadata = Metadata,
            ProcessRunner = recorder,
            HostName = state.HostName,
            Error = error,
            Time = Time ?? clock,
        });

        return new RunResult
        {
            Output = backend.Complete(outcome.Succeeded, store.Current, hook.Key.HookName) with { Config = state.Config },
            Outcome = outcome,
            BackendCalls = backend.Calls,
            Logs = backend.Logs,
            UnitStatusHistory = backend.UnitStatusHistory,
            AppStatusHistory = backend.AppStatusHistory,
            ProcessCalls = recorder.Calls,
            StandardError = error.ToString(),
            TimeWaited = clock?.Total,
            Action = backend.ActionOutcome is { } action && !outcome.Succeeded
                ? action with { Failure = action.Failure ?? $"{outcome.Error?.GetType().Name}: {outcome.Error?.Message}" }
                : backend.ActionOutcome,
        };
    }

    /// <summary>
    /// Runs the action <paramref name="name"/> with <paramref name="parameters"/> on a unit in <paramref name="state"/>,
    /// as <c>juju run</c> does; <see cref="RunResult.Action"/> holds its results, failure and progress lines.
    /// </summary>
    /// <exception cref="ArgumentException">For a context from <see cref="FromCharmcraft"/>: the action or a parameter is not declared.</exception>
    public RunResult RunAction(string name, State state, IReadOnlyDictionary<string, object?>? parameters = null)
        => Run(Hook.ForAction(name, Declaration is { } declaration ? declaration.ActionParameters(name, parameters) : parameters), state);
}

using Charm.Framework;
using Charm.Framework.Backend;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Framework.State;
using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;

namespace Charm.TokenDistributor.Tests.Support;

using State = Charm.Testing.State;

/// <summary>One workload unit running the consumer against a <see cref="FakeCluster"/>.</summary>
internal sealed class ConsumerHarness
{
    public ConsumerHarness(string hostName = "node-a", FakeCluster? cluster = null, TokenConsumerOptions? options = null, string unitName = "workload/0",
        IReadOnlyList<string>? bootstrapArguments = null, IReadOnlyList<string>? joinArguments = null, Action<TestCharm>? constructed = null)
    {
        HostName = hostName;
        Cluster = cluster ?? new FakeCluster();
        Setup = new TestCharmSetup
        {
            ConsumerEndpoint = Wire.ConsumerEndpoint,
            Command = new ClusterCommand(Cluster.Prefix),
            Options = options,
            BootstrapArguments = bootstrapArguments,
            JoinArguments = joinArguments,
            Recorder = Recorder,
            Constructed = constructed,
        };
        Context = new Context(ctx => new TestCharm(ctx, Setup), unitName: unitName) { ProcessRunner = Cluster.Node(hostName) };
    }

    public string HostName { get; }

    public FakeCluster Cluster { get; }

    public LibraryEventRecorder Recorder { get; } = new();

    public TestCharmSetup Setup { get; }

    public Context Context { get; }

    /// <summary>A state for this unit: its host name and leadership.</summary>
    public State State(bool leader = false) => new() { HostName = HostName, Leader = leader };

    /// <summary>Runs a hook (the recorder then holds that hook's library events only).</summary>
    public RunResult Run(Hook hook, State state)
    {
        Recorder.Clear();
        return Context.Run(hook, state with { HostName = HostName });
    }
}

/// <summary>One distributor unit running the provider.</summary>
internal sealed class ProviderHarness
{
    public ProviderHarness(string unitName = "distributor/0")
    {
        UnitName = unitName;
        Setup = new TestCharmSetup { ProviderEndpoint = Wire.ProviderEndpoint };
        Context = new Context(ctx => new TestCharm(ctx, Setup), unitName: unitName);
    }

    public string UnitName { get; }

    public TestCharmSetup Setup { get; }

    public Context Context { get; }

    public RunResult Run(Hook hook, State state) => Context.Run(hook, state);

    /// <summary>
    /// Runs <c>relation-departed</c> as Juju does: the departing unit is no longer listed by <c>relation-list</c>, but its
    /// databag is still readable. (<see cref="Charm.Testing.Context"/> lists every remote unit in the state.)
    /// </summary>
    public RunResult RunDeparted(RelationState relation, int departingUnit, State state)
        => JujuFaithful.Run(ctx => new TestCharm(ctx, Setup), UnitName, Hook.RelationDeparted(relation, departingUnit), state);
}

/// <summary>
/// Runs a hook exactly as <see cref="Charm.Testing.Context.Run"/> does, except that during <c>relation-departed</c> the
/// departing unit is hidden from <c>relation-list</c> while its databag stays readable, as the Juju agent does.
/// </summary>
internal static class JujuFaithful
{
    public static RunResult Run(Func<CharmContext, CharmBase> factory, string unitName, Hook hook, State state, IProcessRunner? runner = null)
    {
        var inner = new InMemoryBackend(unitName, state);
        string? hidden = hook.DepartingUnit is { } d && hook.Relation is { } r ? r.RemoteUnitName(d) : null;
        var backend = new DepartingBackend(inner, hook.Relation?.RelationId, hidden);
        var store = new InMemoryStateStore(state.Stored);
        var recorder = new RecordingProcessRunner((runner ?? new RecordingProcessRunner()).Run);
        using var error = new StringWriter();
        var outcome = Dispatcher.RunHook(factory, new DispatchOptions
        {
            Environment = hook.ToEnvironment(unitName, Path.GetTempPath()),
            Backend = backend,
            StateStore = store,
            Metadata = CharmMetadata.Empty,
            ProcessRunner = recorder,
            HostName = state.HostName,
            Error = error,
        });
        return new RunResult
        {
            Output = inner.Complete(outcome.Succeeded, store.Current, hook.Key.HookName),
            Outcome = outcome,
            BackendCalls = inner.Calls,
            Logs = inner.Logs,
            UnitStatusHistory = inner.UnitStatusHistory,
            AppStatusHistory = inner.AppStatusHistory,
            ProcessCalls = recorder.Calls,
            StandardError = error.ToString(),
        };
    }

    private sealed class DepartingBackend(InMemoryBackend inner, RelationId? relation, string? hidden) : IJujuBackend
    {
        public IReadOnlyList<RelationId> RelationIds(string endpoint) => inner.RelationIds(endpoint);

        public IReadOnlyList<string> RelationUnits(RelationId id)
        {
            var units = inner.RelationUnits(id);
            return hidden is not null && relation == id ? units.Where(u => u != hidden).ToArray() : units;
        }

        public string? RelationRemoteApp(RelationId id) => inner.RelationRemoteApp(id);

        public IReadOnlyDictionary<string, string> RelationGet(RelationId id, string member, bool isApp) => inner.RelationGet(id, member, isApp);

        public void RelationSet(RelationId id, bool isApp, IReadOnlyDictionary<string, string> changes) => inner.RelationSet(id, isApp, changes);

        public bool IsLeader() => inner.IsLeader();

        public void StatusSet(Status status, bool application) => inner.StatusSet(status, application);

        public Status StatusGet(bool application) => inner.StatusGet(application);

        public void Log(LogLevel level, string message) => inner.Log(level, message);

        public IReadOnlyDictionary<string, ConfigValue> ConfigGet() => inner.ConfigGet();

        public IReadOnlyDictionary<string, string> StateGet() => inner.StateGet();

        public void StateSet(IReadOnlyDictionary<string, string> values) => inner.StateSet(values);

        public void StateDelete(string key) => inner.StateDelete(key);
    }
}

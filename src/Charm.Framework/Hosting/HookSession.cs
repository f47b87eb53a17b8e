using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Framework.State;

namespace Charm.Framework.Hosting;

/// <summary>
/// Runs one hook from start to end: load state, construct the charm, re-emit deferred events, emit the hook's event,
/// then — only if all of that succeeded — send the databag changes and save state and the deferred queue together.
/// The real dispatcher, the test harness and the in-process simulator all run hooks through this one class.
/// </summary>
public sealed class HookSession
{
    private readonly JujuEnvironment _environment;
    private readonly IJujuBackend _backend;
    private readonly IStateStore _stateStore;
    private readonly CharmMetadata _metadata;
    private readonly IProcessRunner _processRunner;
    private readonly string _hostName;
    private readonly TextWriter _error;

    /// <summary>Creates a session for one hook.</summary>
    public HookSession(
        JujuEnvironment environment,
        IJujuBackend backend,
        IStateStore stateStore,
        CharmMetadata metadata,
        IProcessRunner processRunner,
        string hostName,
        TextWriter error)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _stateStore = stateStore ?? throw new ArgumentNullException(nameof(stateStore));
        _metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        _processRunner = processRunner ?? throw new ArgumentNullException(nameof(processRunner));
        _hostName = hostName ?? throw new ArgumentNullException(nameof(hostName));
        _error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>
    /// The clock the charm reads through <see cref="CharmContext.Time"/>: default the system clock (real Juju); the
    /// dispatcher sets the simulated time when the simulator runs the hook (<see cref="Dispatcher.SimulatedTimeVariable"/>).
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Runs the hook with the charm <paramref name="factory"/> builds. Never throws: failures are in the outcome.</summary>
    public HookOutcome Run(Func<CharmContext, CharmBase> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        StateSnapshot snapshot;
        try
        {
            snapshot = _stateStore.Load(Warn);
        }
        catch (StateFileException e)
        {
            _error.WriteLine("error: " + e.Message);
            return new HookOutcome(Dispatcher.ExitStateError, e, []);
        }
        catch (Exception e)
        {
            // A store of the charm's own (IStateStore) that fails its own way: the same exit, and what failed.
            _error.WriteLine($"error: the unit's stored state could not be loaded by {_stateStore.GetType().Name}: {e.GetType().Name}: {e.Message}; nothing ran and nothing was committed.");
            return new HookOutcome(Dispatcher.ExitStateError, e, []);
        }

        JujuModel model;
        try
        {
            var broken = _environment.Event.Kind == JujuEventKind.RelationBroken ? _environment.RelationId : null;
            model = new JujuModel(_backend, _environment.UnitName, _environment.ModelName, _environment.ModelUuid, _metadata, _error, broken);
        }
        catch (Exception e)
        {
            // Built from the environment alone (nothing has run yet): a failure here is a malformed environment, e.g. a
            // JujuEnvironment made by hand instead of by JujuEnvironment.Parse. Explain it; no stack trace, nothing committed.
            _error.WriteLine($"error: cannot run {_environment.Event.HookName} on unit '{_environment.UnitName}': {e.Message}");
            return new HookOutcome(Dispatcher.ExitEnvironmentError, e, []);
        }

        StatusMemory.Restore(snapshot, model);
        try
        {
            return Run(factory, model, snapshot);
        }
        finally
        {
            // The lines the logger held for one juju-log call: sent whether the hook succeeded or failed.
            model.Log.Flush();
        }
    }

    private HookOutcome Run(Func<CharmContext, CharmBase> factory, JujuModel model, StateSnapshot snapshot)
    {
        var framework = new CharmFramework(model, snapshot);
        try
        {
            var context = new CharmContext(framework, _environment, _processRunner, _hostName, Time);
            _ = factory(context);
            framework.ReemitDeferred(notice => Rebuild(model, notice));
            if (_environment.IsAction && !framework.IsObserved(_environment.Event))
            {
                return FailUnhandledAction(model, framework);
            }

            if (_environment.Event.Kind != JujuEventKind.Other || framework.IsObserved(_environment.Event))
            {
                var current = Build(model, _environment.Event, _environment.RelationId, _environment.RemoteApp, _environment.RemoteUnit, _environment.DepartingUnit);
                framework.EmitHookEvent(current, ToNotice);
            }

            model.Commit();
            model.EvaluateStatuses();
            _stateStore.Save(StatusMemory.Remember(framework.Snapshot(), model));
            return new HookOutcome(Dispatcher.ExitSuccess, null, framework.Events);
        }
        catch (Exception e)
        {
            ReportFailure(model, e);
            ForgetStatuses(snapshot, model);
            return new HookOutcome(e is StateFileException ? Dispatcher.ExitStateError : Dispatcher.ExitHookFailed, e, framework.Events);
        }
    }

    /// <summary>
    /// An action no handler observes: Juju ran it because the charm declares it, but this charm's code has nothing for
    /// it. The action fails with a message saying so (<c>action-fail</c>, and standard error, which Juju shows the
    /// user); nothing of the hook is committed.
    /// </summary>
    private HookOutcome FailUnhandledAction(JujuModel model, CharmFramework framework)
    {
        var name = _environment.Event.Endpoint;
        var message = $"This charm has no handler for the action '{name}': it is declared in the charm's actions but no code observes "
            + $"EventKey.Action(\"{name}\"). Upgrade to a revision that handles it, or run one of the actions the charm implements.";
        var error = new ModelException(message);
        try
        {
            _backend.ActionFail(message);
        }
        catch (HookToolException e)
        {
            error = new ModelException(message + $" (action-fail failed too: {e.Message})", e);
        }

        ReportFailure(model, error);
        return new HookOutcome(Dispatcher.ExitHookFailed, error, framework.Events);
    }

    /// <summary>
    /// A failed hook that ran <c>status-set</c> (a status set directly) changed what Juju shows, but commits nothing: the
    /// state keeps what it had, except the remembered statuses, which are dropped so that the next hook sets its
    /// collected status whatever it is.
    /// </summary>
    private void ForgetStatuses(StateSnapshot loaded, JujuModel model)
    {
        if (!model.StatusSetThisHook || !loaded.Stored.ContainsKey(StatusMemory.Namespace))
        {
            return;
        }

        try
        {
            _stateStore.Save(StatusMemory.Forget(loaded));
        }
        catch (Exception e)
        {
            Warn($"the remembered status could not be dropped after the failed hook ({e.GetType().Name}: {e.Message}); the next hook may skip a status-set it needs.");
        }
    }

    /// <summary>A warning from the state store (e.g. a recovered state file): on standard error and in juju-log, at WARNING.</summary>
    private void Warn(string message)
    {
        _error.WriteLine("warning: " + message);
        TryJujuLog(LogLevel.Warning, message);
    }

    private void ReportFailure(JujuModel model, Exception e)
    {
        model.Log.Flush();
        _error.WriteLine($"error: {_environment.Event.HookName} failed on {_environment.UnitName}: {e.GetType().Name}: {e.Message}");
        _error.WriteLine(e.StackTrace);
        TryJujuLog(LogLevel.Error, $"{_environment.Event.HookName} failed: {e.GetType().Name}: {e.Message}");
    }

    /// <summary>Also sends <paramref name="message"/> to juju-log; standard error already has it, so a failing juju-log must not hide it.</summary>
    private void TryJujuLog(LogLevel level, string message)
    {
        try
        {
            _backend.Log(level, message);
        }
        catch (HookToolException)
        {
        }
    }

    private static DeferredNotice ToNotice(HookEvent e, string observerId) => e is RelationEvent r
        ? new DeferredNotice(observerId, e.Key.HookName, r.Relation.Id.ToString(), r.RemoteApp, r.RemoteUnit, r.DepartingUnit)
        : new DeferredNotice(observerId, e.Key.HookName);

    private HookEvent? Rebuild(JujuModel model, DeferredNotice notice)
    {
        var key = EventKey.FromHookName(notice.HookName);
        RelationId? id = null;
        if (key.IsRelationEvent)
        {
            if (!RelationId.TryParse(notice.RelationId, out var parsed))
            {
                return null;
            }

            var alive = _environment.RelationId == parsed || _backend.RelationIds(parsed.Endpoint).Contains(parsed);
            if (!alive)
            {
                return null;
            }

            id = parsed;
        }

        return Build(model, key, id, notice.RemoteApp, notice.RemoteUnit, notice.DepartingUnit);
    }

    private HookEvent Build(JujuModel model, EventKey key, RelationId? relationId, string? remoteApp, string? remoteUnit, string? departingUnit)
    {
        var backend = _backend;
        var actionId = _environment.ActionId;
        if (key.IsRelationEvent)
        {
            var relation = model.GetRelation(relationId!.Value, remoteApp);
            return key.Kind switch
            {
                JujuEventKind.RelationCreated => new RelationCreatedEvent(model, relation, remoteApp, remoteUnit, departingUnit),
                JujuEventKind.RelationJoined => new RelationJoinedEvent(model, relation, remoteApp, remoteUnit, departingUnit),
                JujuEventKind.RelationChanged => new RelationChangedEvent(model, relation, remoteApp, remoteUnit, departingUnit),
                JujuEventKind.RelationDeparted => new RelationDepartedEvent(model, relation, remoteApp, remoteUnit, departingUnit),
                _ => new RelationBrokenEvent(model, relation, remoteApp, remoteUnit, departingUnit),
            };
        }

        return key.Kind switch
        {
            JujuEventKind.Action => new ActionEvent(model, backend, key.Endpoint!, actionId),
            JujuEventKind.Other => new HookEvent(key, model),
            JujuEventKind.StorageAttached => new StorageAttachedEvent(model, new Storage(backend, _environment.StorageId!, _environment.StorageDetails)),
            JujuEventKind.StorageDetaching => new StorageDetachingEvent(model, new Storage(backend, _environment.StorageId!, _environment.StorageDetails)),
            _ when key.IsSecretEvent => new SecretEvent(key, model, model.GetSecret(_environment.SecretId, _environment.SecretLabel), _environment.SecretRevision),
            JujuEventKind.Install => new InstallEvent(model),
            JujuEventKind.Start => new StartEvent(model),
            JujuEventKind.Stop => new StopEvent(model),
            JujuEventKind.Remove => new RemoveEvent(model),
            JujuEventKind.ConfigChanged => new ConfigChangedEvent(model),
            JujuEventKind.UpgradeCharm => new UpgradeCharmEvent(model),
            JujuEventKind.UpdateStatus => new UpdateStatusEvent(model),
            JujuEventKind.LeaderElected => new LeaderElectedEvent(model),
            JujuEventKind.LeaderSettingsChanged => new LeaderSettingsChangedEvent(model),
            _ => throw new InvalidOperationException($"{key.HookName} is not an event the framework builds."),
        };
    }
}

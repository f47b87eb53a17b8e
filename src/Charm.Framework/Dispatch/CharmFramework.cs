using System.Collections.Immutable;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.State;

namespace Charm.Framework.Dispatch;

/// <summary>
/// The per-hook event machinery, with <c>ops</c> semantics: handlers observe events under stable ids; deferred events
/// are re-emitted, in the order they were deferred, to the handler that deferred them, before the hook's own event;
/// stored state and the deferred queue are saved together only when the hook succeeds.
/// </summary>
public sealed class CharmFramework
{
    private readonly List<Observer> _observers = [];
    private readonly SortedDictionary<string, SortedDictionary<string, StoredValue>> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredState> _storedViews = new(StringComparer.Ordinal);
    private readonly List<DeferredNotice> _deferred;
    private readonly List<EventRecord> _events = [];

    internal CharmFramework(JujuModel model, StateSnapshot snapshot)
    {
        Model = model;
        foreach (var (ns, values) in snapshot.Stored)
        {
            _stored[ns] = new SortedDictionary<string, StoredValue>(values, StringComparer.Ordinal);
        }

        _deferred = [.. snapshot.Deferred];
    }

    /// <summary>The model for this hook.</summary>
    public JujuModel Model { get; }

    /// <summary>Every event delivered so far in this hook, in order.</summary>
    public IReadOnlyList<EventRecord> Events => _events;

    /// <summary>
    /// Calls <paramref name="handler"/> for the Juju event <paramref name="key"/>. The <paramref name="observerId"/> must
    /// be stable across charm revisions: a deferred event is saved under it and re-delivered to the handler registered
    /// with the same id.
    /// </summary>
    /// <typeparam name="TEvent">The event class the key produces (e.g. <see cref="RelationChangedEvent"/>), or a base of it.</typeparam>
    /// <remarks>
    /// Any key may be observed, also one of a hook the framework does not model (<see cref="JujuEventKind.Other"/>): its
    /// handler takes <see cref="HookEvent"/>. Observing an event never affects the other hooks.
    /// </remarks>
    /// <exception cref="ArgumentException">The id is empty or already observes this event, or <typeparamref name="TEvent"/> does not match the key.</exception>
    public void Observe<TEvent>(EventKey key, string observerId, Action<TEvent> handler)
        where TEvent : HookEvent
    {
        ArgumentException.ThrowIfNullOrEmpty(observerId);
        ArgumentNullException.ThrowIfNull(handler);
        if (!Accepts<TEvent>(key))
        {
            throw new ArgumentException($"{key.HookName} produces {ExpectedTypeName(key)}, which a handler of {typeof(TEvent).Name} cannot take.", nameof(handler));
        }

        if (_observers.Any(o => o.Key == key && o.Id == observerId))
        {
            throw new ArgumentException($"'{observerId}' already observes {key.HookName}; observer ids must be unique per event.", nameof(observerId));
        }

        _observers.Add(new Observer(key, observerId, e => handler((TEvent)e)));
    }

    /// <summary>The stored state namespace <paramref name="name"/> (created empty on first use).</summary>
    /// <exception cref="ArgumentException">The name is empty or the framework's own (<c>charm-framework/status</c>).</exception>
    public StoredState GetStoredState(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == StatusMemory.Namespace)
        {
            throw new ArgumentException($"'{name}' is the framework's own stored state (the statuses this unit last set); choose another namespace.", nameof(name));
        }

        if (!_storedViews.TryGetValue(name, out var view))
        {
            if (!_stored.TryGetValue(name, out var values))
            {
                values = new SortedDictionary<string, StoredValue>(StringComparer.Ordinal);
                _stored[name] = values;
            }

            view = new StoredState(name, values);
            _storedViews[name] = view;
        }

        return view;
    }

    /// <summary>Records a library event (one a charm library raises during a hook) and runs its handlers.</summary>
    public void Emit<TEvent>(TEvent e, Action<TEvent>? handlers)
        where TEvent : EventBase
    {
        ArgumentNullException.ThrowIfNull(e);
        _events.Add(new EventRecord(e, Reemitted: false, Deferred: false));
        handlers?.Invoke(e);
    }

    /// <summary>Whether any handler observes <paramref name="key"/>.</summary>
    internal bool IsObserved(EventKey key) => _observers.Any(o => o.Key == key);

    internal void ReemitDeferred(Func<DeferredNotice, HookEvent?> rebuild)
    {
        var pending = _deferred.ToArray();
        _deferred.Clear();
        foreach (var notice in pending)
        {
            var key = EventKey.FromHookName(notice.HookName);
            var observer = _observers.FirstOrDefault(o => o.Key == key && o.Id == notice.ObserverId);
            if (observer is null)
            {
                Model.Log.Warning($"Dropping deferred {notice.HookName}: no handler is registered as '{notice.ObserverId}' any more.");
                continue;
            }

            var e = rebuild(notice);
            if (e is null)
            {
                Model.Log.Info($"Dropping deferred {notice.HookName} for '{notice.ObserverId}': its relation {notice.RelationId} is gone.");
                continue;
            }

            e.IsReemitted = true;
            observer.Invoke(e);
            _events.Add(new EventRecord(e, Reemitted: true, Deferred: e.IsDeferred));
            if (e.IsDeferred)
            {
                _deferred.Add(notice);
            }
        }
    }

    internal void EmitHookEvent(HookEvent e, Func<HookEvent, string, DeferredNotice> toNotice)
    {
        var observers = _observers.Where(o => o.Key == e.Key).ToArray();
        var deferredByAny = false;
        foreach (var observer in observers)
        {
            e.ResetDeferral();
            observer.Invoke(e);
            if (e.IsDeferred)
            {
                deferredByAny = true;
                _deferred.Add(toNotice(e, observer.Id));
            }
        }

        _events.Add(new EventRecord(e, Reemitted: false, Deferred: deferredByAny));
    }

    internal StateSnapshot Snapshot()
    {
        var stored = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, StoredValue>>(StringComparer.Ordinal);
        foreach (var (ns, values) in _stored)
        {
            if (values.Count > 0)
            {
                stored[ns] = values.ToImmutableSortedDictionary(StringComparer.Ordinal);
            }
        }

        return new StateSnapshot(stored.ToImmutable(), [.. _deferred]);
    }

    private static bool Accepts<TEvent>(EventKey key)
        where TEvent : HookEvent
    {
        if (typeof(TEvent) == typeof(HookEvent))
        {
            return true;
        }

        if (typeof(TEvent) == typeof(RelationEvent))
        {
            return key.IsRelationEvent;
        }

        if (typeof(TEvent) == typeof(StorageEvent))
        {
            return key.IsStorageEvent;
        }

        return key.Kind switch
        {
            JujuEventKind.Install => typeof(TEvent) == typeof(InstallEvent),
            JujuEventKind.Start => typeof(TEvent) == typeof(StartEvent),
            JujuEventKind.Stop => typeof(TEvent) == typeof(StopEvent),
            JujuEventKind.Remove => typeof(TEvent) == typeof(RemoveEvent),
            JujuEventKind.ConfigChanged => typeof(TEvent) == typeof(ConfigChangedEvent),
            JujuEventKind.UpgradeCharm => typeof(TEvent) == typeof(UpgradeCharmEvent),
            JujuEventKind.UpdateStatus => typeof(TEvent) == typeof(UpdateStatusEvent),
            JujuEventKind.LeaderElected => typeof(TEvent) == typeof(LeaderElectedEvent),
            JujuEventKind.LeaderSettingsChanged => typeof(TEvent) == typeof(LeaderSettingsChangedEvent),
            JujuEventKind.RelationCreated => typeof(TEvent) == typeof(RelationCreatedEvent),
            JujuEventKind.RelationJoined => typeof(TEvent) == typeof(RelationJoinedEvent),
            JujuEventKind.RelationChanged => typeof(TEvent) == typeof(RelationChangedEvent),
            JujuEventKind.RelationDeparted => typeof(TEvent) == typeof(RelationDepartedEvent),
            JujuEventKind.RelationBroken => typeof(TEvent) == typeof(RelationBrokenEvent),
            JujuEventKind.Action => typeof(TEvent) == typeof(ActionEvent),
            JujuEventKind.SecretChanged or JujuEventKind.SecretRotate or JujuEventKind.SecretRemove or JujuEventKind.SecretExpired => typeof(TEvent) == typeof(SecretEvent),
            JujuEventKind.StorageAttached => typeof(TEvent) == typeof(StorageAttachedEvent),
            JujuEventKind.StorageDetaching => typeof(TEvent) == typeof(StorageDetachingEvent),
            _ => false,
        };
    }

    private static string ExpectedTypeName(EventKey key) => key.Kind switch
    {
        JujuEventKind.RelationCreated => nameof(RelationCreatedEvent),
        JujuEventKind.RelationJoined => nameof(RelationJoinedEvent),
        JujuEventKind.RelationChanged => nameof(RelationChangedEvent),
        JujuEventKind.RelationDeparted => nameof(RelationDepartedEvent),
        JujuEventKind.RelationBroken => nameof(RelationBrokenEvent),
        JujuEventKind.Action => nameof(ActionEvent),
        JujuEventKind.SecretChanged or JujuEventKind.SecretRotate or JujuEventKind.SecretRemove or JujuEventKind.SecretExpired => nameof(SecretEvent),
        JujuEventKind.StorageAttached => nameof(StorageAttachedEvent),
        JujuEventKind.StorageDetaching => nameof(StorageDetachingEvent),
        JujuEventKind.Other => nameof(HookEvent),
        var k => k + "Event",
    };

    private sealed record Observer(EventKey Key, string Id, Action<HookEvent> Invoke);
}

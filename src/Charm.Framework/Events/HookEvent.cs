using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>
/// An event Juju dispatched. A handler may <see cref="Defer"/> it: the framework re-emits it to that handler at the
/// start of the next hook, before that hook's own event, until the handler stops deferring it.
/// </summary>
public class HookEvent : EventBase
{
    internal HookEvent(EventKey key, JujuModel model)
    {
        Key = key;
        Model = model;
    }

    /// <summary>Which event this is.</summary>
    public EventKey Key { get; }

    /// <summary>The model, for handlers that do not keep a reference to the charm.</summary>
    public JujuModel Model { get; }

    /// <inheritdoc />
    public override string Name => Key.HookName;

    /// <summary>Whether the current handler deferred the event.</summary>
    public bool IsDeferred { get; private set; }

    /// <summary>Whether this is a deferred event re-emitted at the start of a later hook (deferring it again keeps its place in the queue).</summary>
    public bool IsReemitted { get; internal set; }

    /// <summary>Defers the event: it is re-emitted to the same handler at the start of the next hook.</summary>
    /// <exception cref="InvalidOperationException">The event is an action (Juju runs an action once, while its user waits), or a secret or storage event (the deferred-event store keeps no secret or storage id).</exception>
    public void Defer()
    {
        if (Key.Kind == JujuEventKind.Action)
        {
            throw new InvalidOperationException($"The action '{Key.Endpoint}' cannot be deferred: Juju runs an action once, while its user waits; fail it with ActionEvent.Fail instead.");
        }

        if (Key.IsStorageEvent)
        {
            throw new InvalidOperationException($"{Key.HookName} cannot be deferred by this framework: its deferred-event store keeps no storage id, so the event could not be rebuilt. Handle it now, or record what is left to do in stored state.");
        }

        if (Key.IsSecretEvent)
        {
            throw new InvalidOperationException($"{Key.HookName} cannot be deferred by this framework: its deferred-event store keeps no secret id, so the event could not be rebuilt. Handle it now, or record what is left to do in stored state.");
        }

        IsDeferred = true;
    }

    internal void ResetDeferral() => IsDeferred = false;
}

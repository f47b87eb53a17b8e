using Charm.Framework.Events;

namespace Charm.Simulator.Scheduler;

/// <summary>
/// One unit's hook queue. Hooks run from the head, one at a time; a failed hook stays at the head for its retry, so
/// nothing is inserted in front of it and it is never dropped by the bookkeeping that prunes or coalesces.
/// </summary>
internal sealed class HookQueue
{
    private readonly List<PendingHook> _items = [];

    public IReadOnlyList<PendingHook> Items => _items;

    public int Count => _items.Count;

    public PendingHook? Head => _items.Count > 0 ? _items[0] : null;

    public void Add(PendingHook hook) => _items.Add(hook);

    /// <summary>Whether a hook with the same event and relation context is already waiting (it will see the newest data).</summary>
    public bool Contains(HookInvocation invocation) => _items.Exists(p => p.Invocation == invocation);

    /// <summary>
    /// Inserts <paramref name="hook"/> before the first hook of the start-up tail (leader-elected, leader-settings-changed,
    /// config-changed, start), so relations that exist when a unit comes up get <c>relation-created</c> right after
    /// <c>install</c>; appends when there is no such hook.
    /// </summary>
    public void InsertBeforeStartupTail(PendingHook hook)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (i == 0 && _items[0].FailedAttempts > 0)
            {
                continue;
            }

            if (_items[i].Invocation.Event.Kind is JujuEventKind.LeaderElected or JujuEventKind.LeaderSettingsChanged
                or JujuEventKind.ConfigChanged or JujuEventKind.Start)
            {
                _items.Insert(i, hook);
                return;
            }
        }

        _items.Add(hook);
    }

    /// <summary>Removes the waiting hooks that match (never a head that already failed: it is being retried).</summary>
    public int RemoveWhere(Func<HookInvocation, bool> match)
    {
        var removed = 0;
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            if (i == 0 && _items[0].FailedAttempts > 0)
            {
                continue;
            }

            if (match(_items[i].Invocation))
            {
                _items.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    public void RemoveHead() => _items.RemoveAt(0);

    public void Clear() => _items.Clear();
}

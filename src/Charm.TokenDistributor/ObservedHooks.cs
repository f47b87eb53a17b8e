using Charm.Framework.Dispatch;
using Charm.Framework.Events;

namespace Charm.TokenDistributor;

/// <summary>
/// The hooks a charm reacts to, as names: what <see cref="Consumer.TokenConsumer.ObservedEvents"/> and
/// <see cref="Provider.TokenDistributorProvider.ObservedEvents"/> observe, together with any events the charm observes
/// itself. The generated <c>HandledHooks</c> of an attributed charm is this list.
/// </summary>
public static class ObservedHooks
{
    /// <summary>The hook names Juju dispatches for <paramref name="observed"/>, without duplicates, in ordinal order.</summary>
    /// <param name="observed">Lists of observed events, e.g. <c>TokenConsumer.ObservedEvents("cluster")</c>.</param>
    /// <returns>A read-only list such as <c>["cluster-relation-changed", …, "install", "remove", "update-status"]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observed"/> or one of its lists is <see langword="null"/>.</exception>
    public static IReadOnlyList<string> Names(params IEnumerable<EventKey>[] observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var keys in observed)
        {
            ArgumentNullException.ThrowIfNull(keys, nameof(observed));
            foreach (var key in keys)
            {
                names.Add(key.HookName);
            }
        }

        return Array.AsReadOnly([.. names]);
    }

    /// <summary>
    /// Observes each of <paramref name="keys"/> with <paramref name="handler"/>, under the observer id
    /// <c>&lt;prefix&gt;/&lt;hook&gt;</c> with the endpoint left out of a relation hook's name (e.g.
    /// <c>token-consumer/cluster/relation-changed</c>). These ids are in the unit's stored deferred events: they never change.
    /// </summary>
    internal static void Observe(CharmFramework framework, string prefix, string endpoint, IEnumerable<EventKey> keys, Action<HookEvent> handler)
    {
        foreach (var key in keys)
        {
            var hook = key.IsRelationEvent ? key.HookName[(endpoint.Length + 1)..] : key.HookName;
            framework.Observe(key, prefix + "/" + hook, handler);
        }
    }
}

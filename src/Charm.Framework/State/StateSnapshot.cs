using System.Collections.Immutable;

namespace Charm.Framework.State;

/// <summary>Everything a unit keeps between hooks: stored state by namespace, and the deferred-event queue. Saved together, atomically.</summary>
/// <param name="Stored">Namespace (e.g. <c>token-consumer/cluster</c>) to key to value.</param>
/// <param name="Deferred">Deferred events, oldest first.</param>
public sealed record StateSnapshot(
    ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, StoredValue>> Stored,
    ImmutableArray<DeferredNotice> Deferred)
{
    /// <summary>A unit's first hook: nothing stored, nothing deferred.</summary>
    public static StateSnapshot Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, StoredValue>>(StringComparer.Ordinal),
        []);

    /// <summary>Structural equality (the record default compares the collections by reference).</summary>
    public bool Equals(StateSnapshot? other)
    {
        if (other is null)
        {
            return false;
        }

        if (!Deferred.SequenceEqual(other.Deferred) || Stored.Count != other.Stored.Count)
        {
            return false;
        }

        foreach (var (ns, values) in Stored)
        {
            if (!other.Stored.TryGetValue(ns, out var theirs) || theirs.Count != values.Count)
            {
                return false;
            }

            foreach (var (key, value) in values)
            {
                if (!theirs.TryGetValue(key, out var v) || v != value)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Stored.Count, Deferred.Length);
}

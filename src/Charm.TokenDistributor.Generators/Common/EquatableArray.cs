using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Charm.TokenDistributor.Generators.Common;

/// <summary>
/// An immutable array with value equality, for incremental pipeline models: two arrays are equal when they hold equal
/// elements in the same order, so a step whose output is rebuilt with the same content is reported unchanged and its
/// dependants stay cached. <see cref="ImmutableArray{T}"/> compares by reference and would defeat that.
/// </summary>
/// <typeparam name="T">
/// The element type; it must have value equality itself (records of strings and bools, enums, strings). Not constrained
/// to <see cref="IEquatable{T}"/> because enums do not implement it; <see cref="EqualityComparer{T}.Default"/> is used.
/// </typeparam>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps <paramref name="items"/> (the array is not copied: do not change it afterwards).</summary>
    public EquatableArray(T[] items) => _items = items;

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => default;

    /// <summary>The number of elements.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>Whether there is no element.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public T this[int index] => (_items ?? [])[index];

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public static EquatableArray<T> From(IEnumerable<T> items) => new(System.Linq.Enumerable.ToArray(items));

    /// <summary>Wraps the elements of <paramref name="items"/>.</summary>
    public static EquatableArray<T> From(ImmutableArray<T> items)
    {
        if (items.IsDefaultOrEmpty)
        {
            return default;
        }

        var copy = new T[items.Length];
        items.CopyTo(copy);
        return new EquatableArray<T>(copy);
    }

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other)
    {
        var a = _items ?? [];
        var b = other._items ?? [];
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_items is null)
        {
            return 0;
        }

        var hash = 17;
        var comparer = EqualityComparer<T>.Default;
        foreach (var item in _items)
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : comparer.GetHashCode(item)));
        }

        return hash;
    }

    /// <summary>Enumerates the elements without allocating.</summary>
    public Enumerator GetEnumerator() => new(_items ?? []);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();

    /// <summary>Value equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>A struct enumerator over the wrapped array.</summary>
    public struct Enumerator
    {
        private readonly T[] _array;
        private int _index;

        internal Enumerator(T[] array)
        {
            _array = array;
            _index = -1;
        }

        /// <summary>The current element.</summary>
        public readonly T Current => _array[_index];

        /// <summary>Advances to the next element.</summary>
        public bool MoveNext() => ++_index < _array.Length;
    }
}

/// <summary>Conversions to <see cref="EquatableArray{T}"/>.</summary>
internal static class EquatableArray
{
    /// <summary>Wraps the elements of <paramref name="items"/> with value equality.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        => EquatableArray<T>.From(items);

    /// <summary>Wraps the elements of <paramref name="items"/> with value equality.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this ImmutableArray<T> items)
        => EquatableArray<T>.From(items);
}

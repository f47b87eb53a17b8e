using System.Collections.Immutable;
using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>
/// One secret in a test's <see cref="State"/>: its id, owner, label, every revision's content, the revision this unit
/// tracks (for a secret it reads but does not own) and who was granted it.
/// </summary>
/// <param name="Id">The id, <c>secret:…</c>.</param>
public sealed record SecretState(string Id)
{
    /// <summary>Who owns it: <see cref="SecretOwner.Application"/>, <see cref="SecretOwner.Unit"/>, or <see langword="null"/> for a secret this unit was only granted.</summary>
    public SecretOwner? Owner { get; init; }

    /// <summary>Its label, if any.</summary>
    public string? Label { get; init; }

    /// <summary>Its description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>When it expires, if set.</summary>
    public DateTimeOffset? Expire { get; init; }

    /// <summary>Its rotation policy, if set.</summary>
    public SecretRotation? Rotate { get; init; }

    /// <summary>The content of each revision, by revision number (1 upwards).</summary>
    public ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>> Revisions { get; init; }
        = ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>>.Empty;

    /// <summary>The revision this unit reads without refreshing; default (0): the latest.</summary>
    public int TrackedRevision { get; init; }

    /// <summary>The grants, as <c>&lt;relation number&gt;</c> or <c>&lt;relation number&gt;/&lt;unit&gt;</c>.</summary>
    public ImmutableSortedSet<string> Grants { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The latest revision number (0 when there is none).</summary>
    public int LatestRevision => Revisions.IsEmpty ? 0 : Revisions.Keys.Max();

    /// <summary>A secret with one revision holding <paramref name="content"/>.</summary>
    public static SecretState Create(string id, IEnumerable<KeyValuePair<string, string>> content, SecretOwner? owner = null, string? label = null)
        => new(id)
        {
            Owner = owner,
            Label = label,
            Revisions = ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>>.Empty.Add(1, content.ToImmutableSortedDictionary(StringComparer.Ordinal)),
        };

    /// <summary>Structural equality.</summary>
    public bool Equals(SecretState? other)
        => other is not null && Id == other.Id && Owner == other.Owner && Label == other.Label && Description == other.Description
            && Expire == other.Expire && Rotate == other.Rotate && TrackedRevision == other.TrackedRevision
            && Grants.SetEquals(other.Grants)
            && Revisions.Count == other.Revisions.Count
            && Revisions.All(r => other.Revisions.TryGetValue(r.Key, out var o) && o.Count == r.Value.Count && r.Value.All(p => o.TryGetValue(p.Key, out var v) && v == p.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Label, Revisions.Count);
}

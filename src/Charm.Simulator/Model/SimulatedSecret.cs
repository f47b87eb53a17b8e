using System.Collections.Immutable;

namespace Charm.Simulator.Model;

/// <summary>
/// A Juju secret in the simulated model, made with <c>secret-add</c>: owned by an application (managed by its leader,
/// readable by all its units) or by one unit, and readable by others only through <c>secret-grant</c> over a relation.
/// Immutable: a hook works on its own copy of the model's secrets, which replaces them only when the hook succeeds.
/// </summary>
/// <param name="Id">The secret URI <c>secret-add</c> printed, <c>secret:&lt;20 characters&gt;</c>.</param>
/// <param name="OwnerApplication">The owning application (for a unit-owned secret, the unit's).</param>
/// <param name="OwnerUnit">The owning unit, for <c>--owner unit</c>; <see langword="null"/> for an application-owned secret.</param>
/// <param name="Label">The owner's label (<c>--label</c>), unique among the owner's secrets.</param>
/// <param name="Description">The owner's description (<c>--description</c>).</param>
/// <param name="Revision">The latest revision (<c>secret-add</c> makes revision 1, each <c>secret-set</c> with new content the next).</param>
/// <param name="Content">The latest revision's keys and their (decoded) values.</param>
/// <param name="Grants">Who may read it besides its owner.</param>
/// <param name="ConsumerLabels">The labels consumers gave it (<c>secret-get &lt;id&gt; --label L</c>), by consuming unit.</param>
public sealed record SimulatedSecret(
    string Id,
    string OwnerApplication,
    string? OwnerUnit,
    string? Label,
    string? Description,
    int Revision,
    ImmutableSortedDictionary<string, string> Content,
    ImmutableList<SecretGrant> Grants,
    ImmutableSortedDictionary<string, string> ConsumerLabels)
{
    /// <summary>The content of the revisions before <see cref="Revision"/> that are kept, by revision (a consumer may still track one).</summary>
    public ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>> OlderRevisions { get; init; }
        = ImmutableSortedDictionary<int, ImmutableSortedDictionary<string, string>>.Empty;

    /// <summary>The revision each consuming unit reads without <c>--refresh</c> (set by its first <c>secret-get</c>).</summary>
    public ImmutableSortedDictionary<string, int> TrackedRevisions { get; init; } = ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal);

    /// <summary>The rotation policy (<c>--rotate</c>: <c>never</c>, <c>hourly</c>, …), if set.</summary>
    public string? Rotation { get; init; }

    /// <summary>When the latest revision expires (<c>--expire</c>), if set.</summary>
    public DateTimeOffset? Expiry { get; init; }

    /// <summary>When Juju next asks the owner to rotate it: the rotation policy's interval after it was set.</summary>
    public DateTimeOffset? NextRotation { get; init; }

    /// <summary>The content of revision <paramref name="revision"/>, if it is kept.</summary>
    public ImmutableSortedDictionary<string, string>? ContentOf(int revision)
        => revision == Revision ? Content : OlderRevisions.GetValueOrDefault(revision);

    /// <summary>Whether <paramref name="unit"/> owns it: the owning unit, or any unit of the owning application.</summary>
    public bool IsOwnedBy(SimulatedUnit unit)
        => OwnerUnit is null ? unit.Application.Name == OwnerApplication : unit.Name == OwnerUnit;

    /// <summary>Whether <paramref name="unit"/> may change it: the owning unit, or the owning application's leader.</summary>
    public bool IsManagedBy(SimulatedUnit unit) => OwnerUnit is null ? IsOwnedBy(unit) && unit.IsLeader : unit.Name == OwnerUnit;
}

/// <summary>Read access to a secret, given by its owner over a relation.</summary>
/// <param name="Relation">The relation number; the grant lapses when the relation is removed.</param>
/// <param name="Grantee">The remote application (every unit of it may read), or one remote unit (<c>--unit</c>).</param>
public sealed record SecretGrant(int Relation, string Grantee);

using Charm.Framework.Model;

namespace Charm.Simulator.Scheduler;

/// <summary>A databag a successful hook changed. The values are not kept: they may be secrets (join tokens).</summary>
/// <param name="Relation">The relation as the writing unit sees it.</param>
/// <param name="Owner">The unit (<c>app/3</c>) or application whose databag changed.</param>
/// <param name="IsApplication">It is an application databag.</param>
/// <param name="Keys">The keys set, changed or deleted, in ordinal order.</param>
public sealed record DatabagChange(RelationId Relation, string Owner, bool IsApplication, IReadOnlyList<string> Keys)
{
    /// <inheritdoc />
    public override string ToString() => $"{Relation} {(IsApplication ? "app " : "")}{Owner}: {string.Join(", ", Keys)}";
}

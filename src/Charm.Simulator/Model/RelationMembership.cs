using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>One unit's participation in one relation: its state and the remote units it has seen join (what <c>relation-list</c> prints).</summary>
internal sealed class RelationMembership
{
    public MembershipState State { get; set; } = MembershipState.Joining;

    /// <summary>Remote units whose <c>relation-joined</c> this unit has run and whose <c>relation-departed</c> it has not.</summary>
    public SortedSet<string> Seen { get; } = new(UnitName.TextOrder);
}

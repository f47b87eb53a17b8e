namespace Charm.Simulator.Model;

/// <summary>Where a unit is in its participation in one relation.</summary>
public enum MembershipState
{
    /// <summary>The relation exists for the unit; its <c>relation-created</c> hook has not succeeded yet.</summary>
    Joining,

    /// <summary>The unit is in the relation's scope: remote units see it join.</summary>
    InScope,

    /// <summary>The unit (or the relation) is going away: it runs <c>relation-departed</c> and <c>relation-broken</c>.</summary>
    Leaving,
}

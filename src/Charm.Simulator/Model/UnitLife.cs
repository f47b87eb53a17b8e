namespace Charm.Simulator.Model;

/// <summary>Where a unit is in its life, as Juju tracks it.</summary>
public enum UnitLife
{
    /// <summary>Deployed and running hooks.</summary>
    Alive,

    /// <summary>Being removed: it runs its departure hooks, then <c>stop</c> and <c>remove</c>.</summary>
    Dying,

    /// <summary>Gone from the model (its <c>remove</c> hook succeeded).</summary>
    Removed,
}

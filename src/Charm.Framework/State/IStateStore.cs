namespace Charm.Framework.State;

/// <summary>Where a unit's <see cref="StateSnapshot"/> lives between hooks.</summary>
public interface IStateStore
{
    /// <summary>The saved state; <see cref="StateSnapshot.Empty"/> before the first save.</summary>
    /// <exception cref="StateFileException">The saved state exists but cannot be read; it is left as it is.</exception>
    StateSnapshot Load();

    /// <summary>Replaces the saved state, atomically: a crash leaves either the old or the new state, never a mix.</summary>
    void Save(StateSnapshot snapshot);
}

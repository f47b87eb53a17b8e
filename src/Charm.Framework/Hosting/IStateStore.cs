using Charm.Framework.State;

namespace Charm.Framework.Hosting;

/// <summary>Where a unit's <see cref="StateSnapshot"/> lives between hooks.</summary>
public interface IStateStore
{
    /// <summary>The saved state; <see cref="StateSnapshot.Empty"/> before the first save.</summary>
    /// <exception cref="StateFileException">The saved state exists but cannot be read; it is left as it is.</exception>
    StateSnapshot Load();

    /// <summary>
    /// The saved state, like <see cref="Load()"/>; anything the store did to read it that a person should know about
    /// (e.g. <see cref="FileStateStore"/> recovering a corrupt file from its last-good copy) is reported to
    /// <paramref name="warn"/>, one sentence per call. The default ignores <paramref name="warn"/> and calls <see cref="Load()"/>.
    /// </summary>
    /// <exception cref="StateFileException">The saved state exists but cannot be read; it is left as it is.</exception>
    StateSnapshot Load(Action<string> warn) => Load();

    /// <summary>Replaces the saved state, atomically: a crash leaves either the old or the new state, never a mix.</summary>
    void Save(StateSnapshot snapshot);
}

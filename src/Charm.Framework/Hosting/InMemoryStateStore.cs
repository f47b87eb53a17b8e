using Charm.Framework.State;

namespace Charm.Framework.Hosting;

/// <summary>A state store in memory, for tests and the in-process simulator.</summary>
public sealed class InMemoryStateStore : IStateStore
{
    /// <summary>Creates a store holding <paramref name="initial"/> (or nothing).</summary>
    public InMemoryStateStore(StateSnapshot? initial = null) => Current = initial ?? StateSnapshot.Empty;

    /// <summary>The last saved snapshot.</summary>
    public StateSnapshot Current { get; private set; }

    /// <summary>How many times <see cref="Save"/> was called.</summary>
    public int SaveCount { get; private set; }

    /// <inheritdoc />
    public StateSnapshot Load() => Current;

    /// <inheritdoc />
    public void Save(StateSnapshot snapshot)
    {
        Current = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        SaveCount++;
    }
}

namespace Charm.Simulator.Backends;

/// <summary>What one running action has: its parameters, and what the charm reports through <c>action-set</c>,
/// <c>action-fail</c> and <c>action-log</c>. Guarded by its <see cref="HookContext"/>'s lock.</summary>
internal sealed class ActionState(string name, string id, IReadOnlyDictionary<string, object?> parameters)
{
    public string Name { get; } = name;

    /// <summary>The id in <c>JUJU_ACTION_UUID</c>.</summary>
    public string Id { get; } = id;

    public IReadOnlyDictionary<string, object?> Parameters { get; } = parameters;

    /// <summary>The results, nested by the dots in <c>action-set</c> keys.</summary>
    public SortedDictionary<string, object?> Results { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the charm called <c>action-fail</c>.</summary>
    public bool Failed { get; set; }

    /// <summary>The <c>action-fail</c> message.</summary>
    public string Message { get; set; } = "";

    /// <summary>The <c>action-log</c> messages, in order.</summary>
    public List<string> Log { get; } = [];
}

namespace Charm.Framework.Events;

/// <summary>
/// Wires a method of a generated charm to a Juju event at compile time (no reflection): the Charm.TokenDistributor
/// source generator emits the <c>Observe</c> call. The method takes the event's class, e.g. <see cref="ConfigChangedEvent"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class OnAttribute : Attribute
{
    /// <summary>Observes a lifecycle or leadership event.</summary>
    public OnAttribute(JujuEventKind kind) => Kind = kind;

    /// <summary>Observes a relation event on <paramref name="endpoint"/>.</summary>
    public OnAttribute(JujuEventKind kind, string endpoint)
    {
        Kind = kind;
        Endpoint = endpoint;
    }

    /// <summary>The event kind.</summary>
    public JujuEventKind Kind { get; }

    /// <summary>The endpoint, for relation events.</summary>
    public string? Endpoint { get; }
}

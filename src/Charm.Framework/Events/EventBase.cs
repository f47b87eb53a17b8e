namespace Charm.Framework.Events;

/// <summary>The base of every event a charm handles: Juju's hook events and the events libraries emit.</summary>
public abstract class EventBase
{
    /// <summary>A short name for the event, used in logs and test records, e.g. <c>cluster-relation-changed</c> or <c>cluster-joined</c>.</summary>
    public abstract string Name { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

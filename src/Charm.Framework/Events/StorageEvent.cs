using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>
/// A storage hook: the storage instance Juju names in <c>JUJU_STORAGE_ID</c>, with its <c>JUJU_STORAGE_LOCATION</c> and
/// <c>JUJU_STORAGE_KIND</c> (<see cref="StorageAttachedEvent"/>, <see cref="StorageDetachingEvent"/>; a handler of either
/// may take this class). Not deferrable (see <see cref="HookEvent.Defer"/>).
/// </summary>
public class StorageEvent : HookEvent
{
    internal StorageEvent(EventKey key, JujuModel model, Storage storage)
        : base(key, model)
        => Storage = storage;

    /// <summary>The storage instance (<see cref="Model.Storage.Name"/>, <see cref="Model.Storage.Id"/>, <see cref="Model.Storage.Location"/>).</summary>
    public Storage Storage { get; }
}

/// <summary><c>&lt;storage&gt;-storage-attached</c>: the instance is attached; on a new unit Juju runs it before <c>install</c>.</summary>
public sealed class StorageAttachedEvent : StorageEvent
{
    internal StorageAttachedEvent(JujuModel model, Storage storage)
        : base(EventKey.StorageAttached(storage.Name), model, storage)
    {
    }
}

/// <summary><c>&lt;storage&gt;-storage-detaching</c>: the instance is about to be detached; Juju runs it before <c>stop</c>.</summary>
public sealed class StorageDetachingEvent : StorageEvent
{
    internal StorageDetachingEvent(JujuModel model, Storage storage)
        : base(EventKey.StorageDetaching(storage.Name), model, storage)
    {
    }
}

using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>
/// <c>&lt;storage&gt;-storage-attached</c> or <c>&lt;storage&gt;-storage-detaching</c>: the storage instance Juju names in
/// <c>JUJU_STORAGE_ID</c>, with its <c>JUJU_STORAGE_LOCATION</c> and <c>JUJU_STORAGE_KIND</c>. Not deferrable (see
/// <see cref="HookEvent.Defer"/>).
/// </summary>
public sealed class StorageEvent : HookEvent
{
    internal StorageEvent(EventKey key, JujuModel model, Storage storage)
        : base(key, model)
        => Storage = storage;

    /// <summary>The storage instance (<see cref="Model.Storage.Name"/>, <see cref="Model.Storage.Id"/>, <see cref="Model.Storage.Location"/>).</summary>
    public Storage Storage { get; }
}

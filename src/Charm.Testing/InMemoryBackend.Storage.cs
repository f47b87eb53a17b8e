using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary><c>storage-list</c> and <c>storage-get</c> against <see cref="State.Storages"/>.</summary>
public sealed partial class InMemoryBackend
{
    /// <inheritdoc />
    public IReadOnlyList<string> StorageList(string? name)
    {
        _calls.Add(new BackendCall("storage-list", name ?? ""));
        return [.. _input.Storages.Where(s => name is null || s.Name == name).Select(s => s.Id)];
    }

    /// <inheritdoc />
    public StorageDetails StorageGet(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _calls.Add(new BackendCall("storage-get", "-s " + id));
        var storage = _input.Storages.FirstOrDefault(s => s.Id == id)
            ?? throw Fail("storage-get", $"storage \"{id}\" is not attached to {_unitName} (attach it with State.WithStorage)");
        return new StorageDetails(storage.Kind, storage.Location);
    }
}

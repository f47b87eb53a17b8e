using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>The storage tools, with ops 3.x's command lines (<c>ops/hookcmds/_storage.py</c>).</summary>
public sealed partial class HookToolBackend
{
    /// <inheritdoc />
    public IReadOnlyList<string> StorageList(string? name)
        => name is null
            ? Run("storage-list", null, "--format=json").StringArray()
            : Run("storage-list", null, "--format=json", name).StringArray();

    /// <inheritdoc />
    public StorageDetails StorageGet(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Run("storage-get", null, "--format=json", "-s", id).StorageDetails();
    }
}

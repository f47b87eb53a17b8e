using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>
/// One storage instance attached to the unit in a test's <see cref="State"/> (<c>storage-list</c>, <c>storage-get</c>):
/// <c>data/0</c> at <see cref="Location"/>.
/// </summary>
/// <param name="Id">The instance id, <c>&lt;name&gt;/&lt;number&gt;</c>.</param>
/// <param name="Location">Where it is (a directory the test made, or a device path).</param>
/// <param name="Kind">A file system (the default) or a block device.</param>
public sealed record StorageState(string Id, string Location, StorageKind Kind = StorageKind.Filesystem)
{
    /// <summary>The storage name: <see cref="Id"/> before the slash.</summary>
    public string Name => Id.Contains('/', StringComparison.Ordinal) ? Id[..Id.LastIndexOf('/')] : Id;
}

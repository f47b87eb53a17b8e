namespace Charm.Framework.Model;

/// <summary>What kind of storage Juju attaches: a mounted file system or a block device.</summary>
public enum StorageKind
{
    /// <summary><c>filesystem</c>: a directory the unit reads and writes (its <c>location</c>).</summary>
    Filesystem,

    /// <summary><c>block</c>: a block device (its <c>location</c> is the device path).</summary>
    Block,
}

/// <summary>
/// One storage a charm declares under <c>storage:</c> in <c>metadata.yaml</c> (or <c>charmcraft.yaml</c>):
/// <c>data: {type: filesystem, location: /srv/data}</c>.
/// </summary>
/// <param name="Name">The storage name, e.g. <c>data</c>; its instances are <c>data/0</c>, <c>data/1</c>, …</param>
/// <param name="Kind">The declared <c>type</c>.</param>
/// <param name="Location">The declared <c>location</c> (where a file system is mounted), if any.</param>
/// <param name="Multiple">Whether <c>multiple</c> is declared (more than one instance may be attached).</param>
public sealed record StorageSpec(string Name, StorageKind Kind, string? Location = null, bool Multiple = false);

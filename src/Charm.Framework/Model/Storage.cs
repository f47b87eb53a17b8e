using System.Globalization;
using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// One storage instance attached to this unit (ops' <c>Storage</c>): <c>data/0</c> is instance 0 of the storage
/// <c>data</c>. Its <see cref="Location"/> and <see cref="Kind"/> are read with <c>storage-get</c> on first use, unless the
/// hook's environment already gave them (a storage hook's <c>JUJU_STORAGE_LOCATION</c>, <c>JUJU_STORAGE_KIND</c>).
/// </summary>
public sealed class Storage
{
    private readonly IJujuBackend _backend;
    private StorageDetails? _details;

    internal Storage(IJujuBackend backend, string id, StorageDetails? details = null)
    {
        _backend = backend;
        Id = id;
        var slash = id.LastIndexOf('/');
        Name = slash > 0 ? id[..slash] : id;
        Index = slash > 0 && int.TryParse(id[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
        _details = details;
    }

    /// <summary>The instance's id, <c>&lt;name&gt;/&lt;index&gt;</c> (what <c>storage-list</c> prints).</summary>
    public string Id { get; }

    /// <summary>The storage name, as declared under <c>storage:</c>.</summary>
    public string Name { get; }

    /// <summary>The instance number.</summary>
    public int Index { get; }

    /// <summary>Where it is: a file system's mount point, a block device's path.</summary>
    public string Location => Details.Location;

    /// <summary>A file system or a block device.</summary>
    public StorageKind Kind => Details.Kind;

    private StorageDetails Details => _details ??= _backend.StorageGet(Id);

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>What <c>storage-get</c> says of a storage instance.</summary>
/// <param name="Kind"><c>filesystem</c> or <c>block</c>.</param>
/// <param name="Location">Its location.</param>
public sealed record StorageDetails(StorageKind Kind, string Location);

/// <summary>
/// The storage attached to this unit, by name (ops' <c>Model.storages</c>): <c>Model.Storages["data"]</c> lists the
/// instances of <c>data</c> (<c>storage-list data</c>), in Juju's order.
/// </summary>
public sealed class StorageMapping
{
    private readonly IJujuBackend _backend;
    private readonly CharmMetadata _metadata;
    private readonly Dictionary<string, IReadOnlyList<Storage>> _byName = new(StringComparer.Ordinal);

    internal StorageMapping(IJujuBackend backend, CharmMetadata metadata)
    {
        _backend = backend;
        _metadata = metadata;
    }

    /// <summary>The declared storage names (<see cref="CharmMetadata.Storages"/>).</summary>
    public IReadOnlyList<string> Names => [.. _metadata.Storages.Select(s => s.Name)];

    /// <summary>The attached instances of storage <paramref name="name"/> (none when nothing is attached yet).</summary>
    /// <exception cref="KeyNotFoundException">The charm's metadata declares storage, but not <paramref name="name"/>.</exception>
    public IReadOnlyList<Storage> this[string name]
    {
        get
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (_metadata.Storages.Count > 0 && _metadata.FindStorage(name) is null)
            {
                throw new KeyNotFoundException($"The charm declares no storage '{name}' (it declares {string.Join(", ", Names)}); declare it under storage: in charmcraft.yaml.");
            }

            if (!_byName.TryGetValue(name, out var instances))
            {
                instances = [.. _backend.StorageList(name).Select(id => new Storage(_backend, id))];
                _byName[name] = instances;
            }

            return instances;
        }
    }
}

using Charm.Framework.Model;

namespace Charm.Simulator.Model;

/// <summary>
/// A storage instance attached to a unit: one per storage its charm declares, made when the unit is added (a directory,
/// or for block storage a file standing in for the device, under the simulation's work directory).
/// </summary>
/// <param name="Id">The instance id, <c>&lt;name&gt;/&lt;number&gt;</c>, numbered per name across the model as Juju numbers them.</param>
/// <param name="Name">The declared storage name.</param>
/// <param name="Kind">The declared type.</param>
/// <param name="Location">Where it is on this machine (<c>storage-get location</c>).</param>
public sealed record SimulatedStorage(string Id, string Name, StorageKind Kind, string Location)
{
    /// <summary>Juju's spelling of <see cref="Kind"/>: <c>filesystem</c> or <c>block</c>.</summary>
    public string KindName => Kind == StorageKind.Block ? "block" : "filesystem";
}

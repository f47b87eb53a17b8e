using System.Text.RegularExpressions;
using Charm.Simulator.Model;

namespace Charm.Simulator.Backends;

// Storage: storage-list and storage-get over the storage attached to the unit (jujuc's storage-list.go, storage-get.go).
internal sealed partial class HookContext
{
    /// <summary><c>storage-list [&lt;name&gt;]</c>: the ids of the unit's storage, of one name when given.</summary>
    public IReadOnlyList<string> StorageList(string? name)
    {
        lock (_gate)
        {
            EnsureOpen();
            return [.. Unit.Storage.Where(s => name is null || s.Name == name).Select(s => s.Id)];
        }
    }

    /// <summary>
    /// <c>storage-get [-s &lt;id&gt;]</c>: one storage instance of the unit; without an id, the storage of the storage hook
    /// running, as jujuc defaults <c>-s</c>. The id's checks are the option's (usage errors).
    /// </summary>
    public SimulatedStorage StorageGet(string? id)
    {
        if (id is not null && !StorageId().IsMatch(id))
        {
            throw HookToolError.Usage($"invalid value \"{id}\" for option -s: invalid storage ID \"{id}\"");
        }

        lock (_gate)
        {
            EnsureOpen();
            var wanted = id ?? Hook.Storage ?? throw HookToolError.Usage("no storage instance specified");
            return Unit.Storage.FirstOrDefault(s => s.Id == wanted)
                ?? throw HookToolError.Usage($"invalid value \"{wanted}\" for option -s: storage \"{wanted}\" is not attached to {Unit.Name}");
        }
    }

    // names.IsValidStorage: a storage name (lower-case letters, digits and hyphens, starting with a letter), a slash, a number.
    [GeneratedRegex("^[a-z][a-z0-9-]*/(0|[1-9][0-9]*)$")]
    private static partial Regex StorageId();
}

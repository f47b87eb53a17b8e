using System.Globalization;
using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary><c>network-get</c>.</summary>
public sealed partial class HookToolBackend
{
    /// <inheritdoc />
    public Network NetworkGet(string binding, RelationId? relation)
    {
        ArgumentException.ThrowIfNullOrEmpty(binding);

        // ops 3.x: network-get --format=json [-r <relation number>] <binding>.
        var output = relation is { } r
            ? Run("network-get", null, "--format=json", "-r", r.Number.ToString(CultureInfo.InvariantCulture), binding)
            : Run("network-get", null, "--format=json", binding);
        return output.Network();
    }
}

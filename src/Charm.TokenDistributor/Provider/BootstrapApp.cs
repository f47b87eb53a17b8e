using Charm.Framework.Model;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// v0.8's <see cref="WireKeys.BootstrapAppKey"/>: the one consumer application allowed to bootstrap a cluster, named in
/// the distributor's application databag on every relation of the endpoint (docs/protocol.md, "Provider behaviour (seed, v0.8)").
/// </summary>
internal static class BootstrapApp
{
    /// <summary>
    /// Keeps the application already named while it is still related, or names the application of the lowest relation
    /// id (re-elected when the named one left before it could bootstrap, or nobody could ever bootstrap again); returns it.
    /// </summary>
    public static string? Elect(IReadOnlyList<Relation> relations)
    {
        var related = relations.Select(r => r.RemoteApp).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var chosen = relations.Select(r => r.LocalAppData[WireKeys.BootstrapAppKey]).FirstOrDefault(v => v is not null && related.Contains(v))
            ?? relations.OrderBy(r => r.Id.Number).Select(r => r.RemoteApp).FirstOrDefault(a => a is not null);
        if (chosen is null)
        {
            return null;
        }

        foreach (var relation in relations)
        {
            relation.LocalAppData[WireKeys.BootstrapAppKey] = chosen;
        }

        return chosen;
    }
}

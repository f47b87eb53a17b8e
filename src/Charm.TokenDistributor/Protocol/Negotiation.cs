using Charm.Framework.Model;

namespace Charm.TokenDistributor.Protocol;

/// <summary>
/// The negotiation of the extensions: each side lists the extensions it speaks in its own unit databag
/// (<see cref="WireKeys.ExtensionsKey"/>), and an extension is used only when the peer lists it too, so a seed or v0.8
/// peer sees exactly v0 (docs/protocol.md, "The project's extensions").
/// </summary>
internal static class Negotiation
{
    /// <summary>Advertises this project's extensions in <paramref name="own"/> (this unit's databag).</summary>
    public static void Publish(Databag own) => own[WireKeys.ExtensionsKey] = WireKeys.Advertised;

    /// <summary>Whether the unit databag <paramref name="data"/> lists <paramref name="extension"/>.</summary>
    public static bool Lists(Databag data, string extension) => Lists(data[WireKeys.ExtensionsKey], extension);

    /// <summary>Whether <paramref name="advertisement"/> (a comma-separated list, white space around items ignored) lists <paramref name="extension"/>.</summary>
    public static bool Lists(string? advertisement, string extension)
    {
        if (string.IsNullOrEmpty(advertisement))
        {
            return false;
        }

        foreach (var part in advertisement.Split(','))
        {
            if (part.Trim() == extension)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The consumer's view: whether the bootstrap grant is in use on <paramref name="relation"/>. The mirror (a distributor
    /// unit with <c>mirror=up</c>: the distributor's leader) advertises it, or the distributor has granted a bootstrap
    /// already (so a moment without an advertising unit never falls back to the leader's v0 bootstrap). Another
    /// distributor unit's advertisement does not count: one unit that is no mirror must not turn negotiation on (next to
    /// a seed leader, which never grants, the consumer would then never bootstrap).
    /// </summary>
    public static bool ConsumerUsesBootstrapGrant(Relation relation)
        => relation.RemoteAppData?[WireKeys.BootstrapUnitKey] is not null
            || MirrorReader.Mirrors(relation).Any(u => Lists(relation.RemoteUnitData(u), WireKeys.BootstrapGrant));

    /// <summary>
    /// The consumer's view: whether consumed tokens are in use on <paramref name="relation"/>, i.e. a mirror (a
    /// distributor unit with <c>mirror=up</c>) advertises it, so it prunes departed hosts and mirrors the joined marker.
    /// </summary>
    public static bool ConsumerUsesConsumedTokens(Relation relation)
        => MirrorReader.Mirrors(relation).Any(u => Lists(relation.RemoteUnitData(u), WireKeys.ConsumedTokens));
}

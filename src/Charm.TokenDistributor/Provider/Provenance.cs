using Charm.Framework.Model;
using Charm.TokenDistributor.Protocol;

namespace Charm.TokenDistributor.Provider;

/// <summary>
/// Which offered values the mirror step may take, beyond <see cref="MirrorCopy"/>'s rule of which relation may offer for
/// which host (docs/security.md, "Who can offer a token"). A token is a credential of the cluster that minted it, so from a
/// unit that speaks the cluster binding the distributor takes a token only when it carries the fingerprint of the
/// bootstrapped cluster (<paramref name="Fingerprint"/>, <see cref="ClusterBinding.Expected"/>), and a joined marker only
/// once such a cluster is known: before the first bootstrap nothing a unit offers can be a genuine token, so a rogue's
/// token can neither be handed out nor make the grant's holder believe that a cluster exists. A token for a host no
/// relation publishes is taken only from the bootstrap application (<paramref name="BootstrapApp"/>), whose communicator
/// is the only one that mints. Units that speak no extension (seed, v0.8) are judged by v0.8's rules alone.
/// </summary>
/// <param name="BootstrapApp">The application allowed to bootstrap (<c>bootstrap-app</c>), or <see langword="null"/>.</param>
/// <param name="Fingerprint">The bootstrapped cluster's certificate fingerprint, or <see langword="null"/> when none is known.</param>
internal readonly record struct Provenance(string? BootstrapApp, string? Fingerprint)
{
    /// <summary>The offers of <paramref name="relation"/> that pass; the others are counted and reported once per unit.</summary>
    public IEnumerable<MirrorOffer> Admit(Relation relation, IEnumerable<MirrorOffer> offers, PublishedHosts hosts, JujuLogger log)
    {
        var self = this;
        return MirrorCopy.Screen(
            offers,
            offer => self.Admits(relation, offer, hosts),
            (unit, count) => log.Warning(self.Fingerprint is { } bound
                ? $"not mirroring {count} value(s) of {unit}: not join tokens of the bootstrapped cluster (certificate fingerprint {bound[..16]}…)"
                : $"not mirroring {count} value(s) of {unit}: no cluster has been bootstrapped yet, so no join token can be genuine"));
    }

    private bool Admits(Relation relation, MirrorOffer offer, PublishedHosts hosts)
    {
        if (offer.Value == WireKeys.Empty)
        {
            return true;
        }

        if (BootstrapApp is not null && relation.RemoteApp != BootstrapApp && !hosts.Publishers.ContainsKey(offer.Name))
        {
            return false;
        }

        if (!Negotiation.Lists(relation.RemoteUnitData(offer.Unit), WireKeys.ClusterBinding))
        {
            return true;
        }

        if (Fingerprint is null)
        {
            return false;
        }

        return offer.Value == WireKeys.JoinedMarker
            || (JoinTokens.LooksLikeToken(offer.Value) && JoinTokens.ClusterFingerprintOf(offer.Value) == Fingerprint);
    }
}

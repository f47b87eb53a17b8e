using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.TokenDistributor;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Protocol;

namespace Charm.Reliability.Tests.Support;

/// <summary>How a rogue unit forges the token it offers for a host it does not run.</summary>
internal enum ForgeKind
{
    /// <summary>A real token of the rogue's own cluster (bootstrapped on its own machine), minted for the host: it would work.</summary>
    OwnCluster,

    /// <summary>The bootstrapped cluster's fingerprint (as the distributor relays it), with a join address nobody answers on.</summary>
    ForeignAddress,

    /// <summary>The bootstrapped cluster's fingerprint and join addresses (read from a mirrored token), with a secret of its own.</summary>
    WrongSecret,

    /// <summary>A genuine token the mirror holds for another host, offered for this one.</summary>
    Swapped,
}

/// <summary>
/// What a rogue consumer unit does in every hook (docs/security.md, "Who can offer a token"): publishes its own host
/// name and this project's extension list, says <c>mirror=up</c>, offers a forged <c>mirror-&lt;host&gt;</c> token for
/// every host it sees mirrored or guesses (<see cref="Targets"/>), <see cref="Empties"/> <c>empty</c> keys for hosts
/// nobody runs, and, with <see cref="ClaimMember"/>, <c>cluster-member=yes</c> with a forged <c>cluster-fingerprint</c>
/// (its own cluster's, or made up). With <see cref="OwnCluster"/> it bootstraps a cluster of its own on its machine.
/// </summary>
internal sealed record RoguePlan(ImmutableArray<ForgeKind> Kinds, int Empties, bool ClaimMember, bool OwnCluster, int Seed)
{
    /// <summary>Host names a rogue guesses besides the ones it sees mirrored (an isolated relation shows it none).</summary>
    public static readonly ImmutableArray<string> Targets = [.. Enumerable.Range(0, 10).Select(i => "workload-" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The prefix of the ghost hosts a rogue offers placeholders for.</summary>
    public const string GhostPrefix = "ghost-";

    /// <summary>The join address the <see cref="ForgeKind.ForeignAddress"/> tokens point at: no daemon of the model has it.</summary>
    public const string NowhereAddress = "10.254.254.254:7443";

    public string Render() => string.Create(CultureInfo.InvariantCulture,
        $"forges {string.Join("/", Kinds)}, {Empties} empty keys{(ClaimMember ? ", claims membership with a forged cluster-fingerprint" : "")}{(OwnCluster ? ", bootstraps its own cluster" : "")}, seed {Seed}");
}

/// <summary>
/// A rogue consumer charm (in-process), for a rogue unit of the honest application or the units of a rogue second
/// application: it runs no <c>TokenConsumer</c>, only the forgeries of its <see cref="RoguePlan"/>, on every hook the
/// consumer observes. Deterministic: its made-up values come from the plan's seed, the host and the target name.
/// </summary>
internal sealed class RogueCharm : CharmBase
{
    private readonly RoguePlan _plan;
    private readonly ClusterCli _cli;

    public RogueCharm(CharmContext context, RoguePlan plan)
        : base(context)
    {
        _plan = plan;
        _cli = new ClusterCli(new ClusterCommand(ClusterCharms.Command), context.ProcessRunner) { LogFailures = false };
        ObservedHooks.Observe(Framework, "rogue", ClusterCharms.ConsumerEndpoint, Charm.TokenDistributor.Consumer.TokenConsumer.ObservedEvents(ClusterCharms.ConsumerEndpoint), _ => Forge());
    }

    private string Host => Context.HostName;

    private void Forge()
    {
        if (Model.Relations(ClusterCharms.ConsumerEndpoint) is not [var relation, ..])
        {
            return;
        }

        var own = relation.LocalUnitData;
        own[WireKeys.HostnameKey] = Host;
        Negotiation.Publish(own);
        own[WireKeys.MirrorKey] = WireKeys.Up;
        for (var i = 0; i < _plan.Empties; i++)
        {
            var key = WireKeys.MirrorKeyOf(RoguePlan.GhostPrefix + Host + "-" + i.ToString(CultureInfo.InvariantCulture));
            if (own[key] is null)
            {
                own[key] = WireKeys.Empty;
            }
        }

        var ownFingerprint = _plan.OwnCluster ? EnsureOwnCluster() : null;
        var mirrored = relation.Units.SelectMany(u => relation.RemoteUnitData(u).Where(p => WireKeys.IsMirrorKey(p.Key))).ToList();
        var relayed = relation.RemoteAppData?[WireKeys.BoundFingerprintKey] is { } bound && JoinTokens.IsClusterFingerprint(bound) ? bound : null;
        var genuine = mirrored.Where(p => JoinTokens.LooksLikeToken(p.Value)).Select(p => (Name: p.Key[WireKeys.MirrorPrefix.Length..], Token: p.Value)).ToList();
        var targets = mirrored.Select(p => p.Key[WireKeys.MirrorPrefix.Length..])
            .Concat(RoguePlan.Targets)
            .Where(t => t != Host && !t.StartsWith(RoguePlan.GhostPrefix, StringComparison.Ordinal) && MemberNames.IsValid(t))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var target in targets)
        {
            var key = WireKeys.MirrorKeyOf(target);
            var held = own[key];
            var kind = _plan.Kinds[(int)(Hash(target) % (uint)_plan.Kinds.Length)];
            if (held is not null && !Stale(kind, held, relayed))
            {
                continue;
            }

            if (Forged(kind, target, relayed, genuine) is { } value)
            {
                own[key] = value;
            }
        }

        if (_plan.ClaimMember)
        {
            own[WireKeys.ClusterMemberKey] = WireKeys.Yes;
            own[WireKeys.ClusterFingerprintKey] = ownFingerprint ?? Hex("cluster-fingerprint", 32);
        }
    }

    /// <summary>A made-up token is re-forged once the fingerprint it should carry is relayed (or changes).</summary>
    private static bool Stale(ForgeKind kind, string held, string? relayed)
        => kind is ForgeKind.ForeignAddress or ForgeKind.WrongSecret && relayed is not null && JoinTokens.ClusterFingerprintOf(held) != relayed;

    private string? Forged(ForgeKind kind, string target, string? relayed, List<(string Name, string Token)> genuine)
    {
        switch (kind)
        {
            case ForgeKind.OwnCluster when _plan.OwnCluster:
                try
                {
                    return _cli.Add(target);
                }
                catch (ClusterCliException)
                {
                    return null;
                }

            case ForgeKind.WrongSecret when relayed is not null && genuine.Select(g => Decode(g.Token)).FirstOrDefault(d => d?.Fingerprint == relayed) is { } real:
                return JoinTokenCodec.Encode(Hex("secret-" + target, 32), relayed, real.JoinAddresses);
            case ForgeKind.Swapped when genuine.FirstOrDefault(g => g.Name != target).Token is { } other:
                return other;
            default:
                return JoinTokenCodec.Encode(Hex("secret-" + target, 32), relayed ?? Hex("fingerprint-" + target, 32), [RoguePlan.NowhereAddress]);
        }
    }

    /// <summary>
    /// Bootstraps the rogue's own cluster once; returns its certificate fingerprint, read from a token minted for a
    /// made-up name in the bootstrapping hook and kept in the rogue's stored state.
    /// </summary>
    private string? EnsureOwnCluster()
    {
        var stored = Framework.GetStoredState("rogue");
        if (stored.GetString("own-fingerprint") is { } known)
        {
            return known;
        }

        try
        {
            _cli.Bootstrap();
            var fingerprint = JoinTokens.ClusterFingerprintOf(_cli.Add("probe-" + Host));
            if (fingerprint is not null)
            {
                stored.Set("own-fingerprint", fingerprint);
            }

            return fingerprint;
        }
        catch (ClusterCliException)
        {
            // A fault of the fake cluster (none are injected on a rogue's host) or a bootstrap an earlier failed hook made.
            return null;
        }
    }

    private static DecodedJoinToken? Decode(string token) => JoinTokenCodec.TryDecode(token, out var decoded, out _) ? decoded : null;

    private uint Hash(string what) => BitConverter.ToUInt32(Digest(what), 0);

    private string Hex(string what, int bytes) => Convert.ToHexStringLower(Digest(what))[..(bytes * 2)];

    private byte[] Digest(string what) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_plan.Seed}/{Host}/{what}")));
}

using Charm.Reliability.Tests.Support;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Protocol;

namespace Charm.Reliability.Tests.Model;

/// <summary>
/// The rogues of a schedule (<see cref="RogueSetup"/>) and the properties checked against them after every hook
/// (docs/security.md, "Figures"; <see cref="RogueScheduleTests"/>):
/// <list type="bullet">
/// <item>no honest unit is a member of a cluster a rogue bootstrapped, except in the residual window docs/security.md
/// names ("Binding a token to the bootstrapped cluster": the bootstrapper is gone and nothing was relayed before, so the
/// relayed fingerprint is the one most reporting members give, which a rogue claiming membership can choose), checked
/// exactly: the rogue claims membership, the grant's holder is not a live unit, and the relayed fingerprint is the
/// rogue cluster's;</item>
/// <item>the honest application bootstraps again only as <see cref="ScheduleRunner"/> allows any schedule (after every
/// member of the earlier clusters departed); the rogues' own clusters are not the honest application's;</item>
/// <item>every hook of an honest workload unit runs at most <see cref="RogueTokensPerHook"/> <c>add</c> calls
/// (<c>TokenConsumerOptions.MaxTokensPerHook</c>, set that low so the cap binds);</item>
/// <item>every name an honest unit runs <c>add</c> for is the host of a unit of the workload application (honest or
/// rogue) or, without isolation, of the rogue application (v0.8's merged mirror shows it: docs/security.md,
/// "Cross-application exposure"), never a ghost or a guessed name nobody runs;</item>
/// <item>liveness (convergence runs): every live honest unit becomes a member, except a host whose mirrored value is the
/// rogue unit's forgery while the rogue unit comes before the communicator in the distributor leader's unit order (the
/// tie docs/security.md names, "What corroboration does and does not protect"), and no cluster at all while no grant
/// holder is alive and the rogue unit claims membership, or while the grant is the rogue unit's (docs/security.md,
/// "Findings", what the fix leaves), each checked exactly.</item>
/// </list>
/// </summary>
internal sealed partial class ScheduleRunner
{
    /// <summary>The rogue second application's name.</summary>
    public const string RogueApp = "rogue";

    /// <summary>The <c>add</c> cap of the honest units in schedules with rogues.</summary>
    public const int RogueTokensPerHook = 2;

    private readonly string? _rogueUnit;
    private readonly Dictionary<string, string> _hostOfUnit = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rogueClusters = new(StringComparer.Ordinal);
    private SimulatedRelation? _rogueRelation;
    private bool _joinedRogueCluster;
    private bool _claimHeldBack;
    private bool _rogueGranted;
    private bool _majorityRelayed;
    private readonly HashSet<string> _publishedHosts = new(StringComparer.Ordinal);
    private int _tieBlockedHosts;

    private int RogueNumber => _schedule.Rogues?.UnitNumber ?? int.MaxValue;

    /// <summary>The workload application's charm: the consumer, but the rogue's charm for the rogue unit.</summary>
    private CharmSource WorkloadCharm()
        => _rogueUnit is null
            ? ClusterCharms.Consumer(_world)
            : CharmSource.InProcess(ctx => ctx.Environment.UnitName == _rogueUnit ? new RogueCharm(ctx, _schedule.Rogues!.Plan) : new ConsumerCharm(ctx, _world), ClusterCharms.ConsumerMetadata);

    /// <summary>The rogue application, related after the workload (a higher relation id, so never the bootstrap application).</summary>
    private void DeployRogueApplication()
    {
        if (_schedule.Rogues is not { AppUnits: > 0 } rogues)
        {
            return;
        }

        _sim.Deploy(RogueApp, CharmSource.InProcess(ctx => new RogueCharm(ctx, rogues.Plan), ClusterCharms.ConsumerMetadata), rogues.AppUnits);
        _rogueRelation = _sim.Relate(RogueApp, DistributorApp);
    }

    private void Deployed(SimulatedUnit unit)
    {
        _unitsEverDeployed.Add(unit.Name);
        _hostOfUnit[unit.Name] = unit.HostName;
    }

    private bool IsHonest(string unit) => unit != _rogueUnit && !unit.StartsWith(RogueApp + "/", StringComparison.Ordinal);

    /// <summary>
    /// A workload unit numbered below the rogue is removed only while another such unit stays: the distributor grants the
    /// bootstrap to the lowest-numbered related unit, and a rogue holding the grant is the application's bootstrapper by
    /// the protocol (within one application, units are trusted alike: docs/security.md), which these schedules leave out.
    /// </summary>
    private bool MayRemove(SimulatedUnit unit)
        => _rogueUnit is null || unit.Application.Name != WorkloadApp || unit.Number > RogueNumber
           || Live(App.Workload).Count(u => u.Number < RogueNumber) > 1;

    private bool IsRogueCluster(ClusterSnapshot cluster) => _rogueClusters.Contains(cluster.Id);

    private void CheckRogues(TraceEntry entry)
    {
        if (_schedule.Rogues is not { } rogues)
        {
            return;
        }

        var clusters = _sim.Microcluster.ListClusters();
        foreach (var cluster in clusters.Where(c => !_clustersSeen.Contains(c.Id) && !_rogueClusters.Contains(c.Id) && !IsHonest(entry.Unit)))
        {
            // Hooks run one at a time, each unit's CLI on its own host: a cluster that appears in a rogue's hook is its own.
            _rogueClusters.Add(cluster.Id);
            Count("rogues: clusters of their own bootstrapped");
        }

        CheckRogueClusterMembers(clusters);
        if (!IsHonest(entry.Unit) || !entry.Unit.StartsWith(WorkloadApp + "/", StringComparison.Ordinal))
        {
            return;
        }

        var adds = entry.ClusterCalls.Where(c => c.Arguments is ["add", _]).Select(c => c.Arguments[1]).ToList();
        if (adds.Count > RogueTokensPerHook)
        {
            Fail("add calls per hook within the cap", $"{entry} ran {adds.Count} add calls (cap {RogueTokensPerHook})");
        }

        Count("rogues: add calls by honest units", adds.Count);
        if (adds.Count == RogueTokensPerHook)
        {
            Count("rogues: honest hooks at the add cap");
        }

        var mintable = _hostOfUnit.Where(p => p.Key.StartsWith(WorkloadApp + "/", StringComparison.Ordinal) || !rogues.Isolate).Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var name in adds.Where(n => !mintable.Contains(n)))
        {
            Fail("every name the communicator mints a token for is a published host", $"{entry} ran add {name}, and no unit {(rogues.Isolate ? "of the workload application " : "")}has that host");
        }
    }

    /// <summary>No honest host in a rogue's cluster, but in the documented residual window (checked exactly; the run then needs no convergence).</summary>
    private void CheckRogueClusterMembers(IReadOnlyList<ClusterSnapshot> clusters)
    {
        var honestHosts = _hostOfUnit.Where(p => IsHonest(p.Key)).Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        var distributorData = _relation.ApplicationData(DistributorApp);
        var holder = distributorData.GetValueOrDefault(WireKeys.BootstrapUnitKey);
        foreach (var cluster in clusters.Where(c => _rogueClusters.Contains(c.Id)))
        {
            var inside = cluster.Members.Where(m => honestHosts.Contains(m.Name)).Select(m => m.Name).ToList();
            if (inside.Count == 0 || _joinedRogueCluster)
            {
                continue;
            }

            var relayed = distributorData.GetValueOrDefault(WireKeys.BoundFingerprintKey);
            var majority = _schedule.Rogues!.Plan.ClaimMember && _rogueUnit is not null && relayed == cluster.Fingerprint
                && (holder is null || _sim.Model.FindUnit(holder) is not { Life: UnitLife.Alive });

            // Finding R-3 (docs/security.md, "Findings", fixed): with no grant and nothing relayed no token of a unit that
            // speaks the binding is mirrored at all, so that window is closed and counts as a failure.
            if (!majority)
            {
                Fail("no honest unit joins a cluster other than the one its application bootstrapped", $"{string.Join(", ", inside)} joined {cluster.Id}, a rogue's cluster (relayed fingerprint {relayed}, grant {holder})");
            }

            _joinedRogueCluster = true;
            Count("rogues: schedules where an honest unit joined a rogue's cluster: bootstrapper gone, the rogue's fingerprint relayed (documented)");
            Count("rogues: joined a rogue's cluster, " + Shape());
        }
    }

    /// <summary>
    /// Whether every host of <paramref name="outside"/> waits on the documented tie: the distributor leader mirrors the
    /// rogue unit's value for it, and the rogue unit comes before the communicator (the online voter with the smallest
    /// name) in the leader's unit order (relation-list, by unit number).
    /// </summary>
    private bool WaitingOnARogueTie(ClusterSnapshot cluster, List<string> outside)
    {
        _tieBlockedHosts = 0;
        if (_rogueUnit is null || _sim.Model.GetApplication(DistributorApp).Leader is not { } leader)
        {
            return false;
        }

        var communicatorHost = cluster.Members.Where(m => m.Role == MicroclusterRole.Voter && m.Status == MicroclusterMemberStatus.Online)
            .Select(m => m.Name).Order(StringComparer.Ordinal).FirstOrDefault();
        if (Live(App.Workload).FirstOrDefault(u => u.HostName == communicatorHost) is not { } communicator || communicator.Number < RogueNumber)
        {
            return false;
        }

        var mirror = _relation.UnitData(leader.Name);
        var rogue = _relation.UnitData(_rogueUnit);
        if (!outside.All(h => rogue.TryGetValue(WireKeys.MirrorKeyOf(h), out var forged) && mirror.GetValueOrDefault(WireKeys.MirrorKeyOf(h)) == forged))
        {
            return false;
        }

        _tieBlockedHosts = outside.Count;
        return true;
    }

    /// <summary>
    /// Whether no cluster has formed for a reason the protocol leaves within one application (docs/security.md, "What
    /// corroboration does and does not protect"), checked exactly: the rogue unit of the workload application says it is a
    /// cluster member, and no grant holder is alive, so the distributor neither grants nor moves the grant
    /// (<c>BootstrapGrant.AnyMayBeMember</c>: a second cluster must never form beside a member) and relays nothing (one
    /// unit's report is no majority of the application's units); or, with no grant holder alive, the rogue unit's
    /// fingerprint is relayed (the majority rule), and no unit bootstraps while one is. A rogue's mirrored token no longer
    /// holds the bootstrap back (R-1, fixed): none is mirrored before a cluster's fingerprint is known.
    /// </summary>
    private bool BootstrapHeldBackByARogueClaim()
    {
        _claimHeldBack = false;
        _majorityRelayed = false;
        _rogueGranted = false;
        var data = _relation.ApplicationData(DistributorApp);
        if (_rogueUnit is not null && data.GetValueOrDefault(WireKeys.BootstrapUnitKey) == _rogueUnit)
        {
            // The distributor granted the bootstrap to the lowest-numbered unit it saw, and saw the rogue unit before the
            // honest ones below it: the grant's holder is the application's bootstrapper by the protocol, which these
            // schedules cannot hold to anything (units of one application are trusted alike).
            _rogueGranted = true;
            return true;
        }

        if (_rogueUnit is null || _schedule.Rogues is not { Plan.ClaimMember: true })
        {
            return false;
        }

        var noHolder = data.GetValueOrDefault(WireKeys.BootstrapUnitKey) is not { } holder || _sim.Model.FindUnit(holder) is not { Life: UnitLife.Alive };
        if (!noHolder || _relation.UnitData(_rogueUnit).GetValueOrDefault(WireKeys.ClusterMemberKey) != WireKeys.Yes)
        {
            return false;
        }

        var relayed = data.GetValueOrDefault(WireKeys.BoundFingerprintKey);
        _majorityRelayed = relayed is not null && _relation.UnitData(_rogueUnit).GetValueOrDefault(WireKeys.ClusterFingerprintKey) == relayed;
        _claimHeldBack = relayed is null;
        return _claimHeldBack || _majorityRelayed;
    }

    /// <summary>Records the hosts the distributor's leader has recorded as published (<c>cluster-host-units</c>), after every hook.</summary>
    private void NotePublished()
    {
        if (_schedule.Rogues is not null
            && _relation.ApplicationData(DistributorApp).GetValueOrDefault(WireKeys.HostUnitsKey) is { } text
            && RecordCodec.TryReadHostUnits(text, out var record))
        {
            _publishedHosts.UnionWith(record.Where(p => p.Value.Length > 0).Select(p => p.Key));
        }
    }

    /// <summary>
    /// A removed unit's host the distributor never recorded as published (the unit left before the leader saw it join),
    /// whose key the leader mirrors with a rogue's value: the distributor takes a token offered for a host no relation publishes (yet), by design
    /// (docs/security.md, "Who can offer a token"), so it is not a departed host's key left behind.
    /// </summary>
    private bool PlantedByARogue(string host)
    {
        if (_schedule.Rogues is null || _publishedHosts.Contains(host) || _sim.Model.GetApplication(DistributorApp).Leader is not { } leader
            || _relation.UnitData(leader.Name).GetValueOrDefault(WireKeys.MirrorKeyOf(host)) is not { } value)
        {
            return false;
        }

        var planted = RogueDatabags().Any(bag => bag.GetValueOrDefault(WireKeys.MirrorKeyOf(host)) == value);
        if (planted)
        {
            Count("rogues: never-published removed hosts whose key a rogue planted");
        }

        return planted;
    }

    /// <summary>Which rogues the schedule has, for the counters.</summary>
    private string Shape()
    {
        var rogues = _schedule.Rogues!;
        return (rogues.UnitNumber is null ? "" : "rogue unit") + (rogues.UnitNumber is not null && rogues.AppUnits > 0 ? " + " : "")
            + (rogues.AppUnits > 0 ? "rogue application" : "") + (rogues.Isolate ? ", isolated" : ", not isolated");
    }

    /// <summary>For a failure report: which departed hosts ever published, and whether a rogue offers the leader's value.</summary>
    private string RogueNote(IEnumerable<string> hosts)
    {
        if (_schedule.Rogues is null || _sim.Model.GetApplication(DistributorApp).Leader is not { } leader)
        {
            return "";
        }

        var mirror = _relation.UnitData(leader.Name);
        return " (" + string.Join("; ", hosts.Select(h => $"{h}: {(_publishedHosts.Contains(h) ? "recorded as published" : "never recorded as published")}, the leader's value {(RogueDatabags().Any(b => mirror.TryGetValue(WireKeys.MirrorKeyOf(h), out var v) && b.GetValueOrDefault(WireKeys.MirrorKeyOf(h)) == v) ? "is" : "is not")} a rogue's offer")) + ")";
    }

    /// <summary>The databags of the rogue unit and of the rogue application's units.</summary>
    private IEnumerable<IReadOnlyDictionary<string, string>> RogueDatabags()
    {
        if (_rogueUnit is not null)
        {
            yield return _relation.UnitData(_rogueUnit);
        }

        if (_rogueRelation is not null)
        {
            foreach (var unit in _sim.Model.GetApplication(RogueApp).Units)
            {
                yield return _rogueRelation.UnitData(unit.Name);
            }
        }
    }

    /// <summary>Counts, at the end of a convergence run, what the rogues left; true when the run needs no convergence (the residual window was hit).</summary>
    private bool RogueConvergenceExempt()
    {
        if (_joinedRogueCluster)
        {
            Count("rogues: convergence runs exempt (an honest unit joined a rogue's cluster, counted above)");
            return true;
        }

        return false;
    }

    private void CountRogueConvergence()
    {
        if (_schedule.Rogues is null)
        {
            return;
        }

        if (_majorityRelayed)
        {
            Count("rogues: convergence runs with no cluster, the rogue unit's fingerprint relayed with no grant holder (documented)");
            Count("rogues: majority-relay runs, " + Shape());
            return;
        }

        if (_rogueGranted)
        {
            Count("rogues: convergence runs with no cluster, the grant held by the rogue unit (out of scope)");
            return;
        }

        if (_claimHeldBack)
        {
            Count("rogues: convergence runs with no cluster, the grant held back by the rogue unit's membership claim (documented)");
            Count("rogues: claim runs, " + Shape());
            return;
        }

        Count("rogues: convergence runs converged");
        if (_tieBlockedHosts > 0)
        {
            Count("rogues: converged runs with hosts waiting on the rogue unit's tie (documented)");
            Count("rogues: hosts waiting on the rogue unit's tie", _tieBlockedHosts);
        }
    }
}

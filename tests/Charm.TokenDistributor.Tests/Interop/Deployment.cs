using System.Collections.Immutable;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Interop;

using State = Charm.Testing.State;

/// <summary>Which provider library the distributor units of a <see cref="Deployment"/> run.</summary>
internal enum DistributorKind
{
    /// <summary>This project's <c>TokenDistributorProvider</c>.</summary>
    Ours,

    /// <summary>The seed's provider (<see cref="SeedLibrary.ProviderHandleMirror"/>).</summary>
    Seed,

    /// <summary>v0.8's provider (<see cref="V08Library.ProviderStep"/>).</summary>
    V08,
}

/// <summary>
/// A small deployment for interop tests: consumer units, either this project's consumer (one <see cref="ConsumerHarness"/>
/// each) or Python ones (<see cref="PythonConsumer"/>), sharing one <see cref="MicroclusterNodes"/>, related to one or more
/// distributor units running this project's, the seed's or v0.8's provider, one of which leads. Databags are carried
/// between the two sides by hand, one hook at a time, as Juju would deliver them.
/// </summary>
internal sealed class Deployment
{
    private static readonly ImmutableSortedDictionary<string, string> NoData = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private readonly List<ConsumerHarness> _harnesses = [];
    private readonly List<PythonConsumer> _python = [];
    private readonly List<State> _consumerStates = [];
    private readonly List<ProviderHarness> _providers = [];
    private readonly List<State> _providerStates = [];
    private readonly HashSet<int> _gone = [];
    private readonly HashSet<int> _arrived = [];
    private readonly HashSet<int> _distributorsGone = [];

    public Deployment(bool seedProvider, params string[] hosts)
        : this(seedProvider ? DistributorKind.Seed : DistributorKind.Ours, null, 1, hosts)
    {
    }

    /// <summary>
    /// <paramref name="hosts"/> consumer units (this project's when <paramref name="python"/> is null, otherwise Python ones
    /// of that version; unit 0 leads) and <paramref name="distributors"/> distributor units of <paramref name="kind"/>
    /// (unit 0 leads).
    /// </summary>
    public Deployment(DistributorKind kind, PythonVersion? python, int distributors, params string[] hosts)
    {
        Kind = kind;
        for (var i = 0; i < hosts.Length; i++)
        {
            if (python is { } version)
            {
                _python.Add(new PythonConsumer(version, hosts[i], Cluster));
            }
            else
            {
                _harnesses.Add(new ConsumerHarness(hostName: hosts[i], cluster: Cluster, unitName: $"{WorkloadApp}/{i}", hookClock: Cluster.Time));
            }

            _consumerStates.Add(new State { HostName = hosts[i], Leader = i == 0 });
            ConsumerBags.Add(NoData);
        }

        for (var i = 0; i < distributors; i++)
        {
            _providers.Add(new ProviderHarness($"{DistributorApp}/{i}"));
            _providerStates.Add(new State { Leader = i == 0 });
            ProviderBags.Add(NoData);
        }
    }

    public DistributorKind Kind { get; }

    public bool SeedProvider => Kind == DistributorKind.Seed;

    public MicroclusterNodes Cluster { get; } = new();

    /// <summary>Each consumer unit's own databag.</summary>
    public List<ImmutableSortedDictionary<string, string>> ConsumerBags { get; } = [];

    /// <summary>The consumer application's databag (the leader, unit 0 unless moved, writes it).</summary>
    public ImmutableSortedDictionary<string, string> ConsumerApp { get; private set; } = NoData;

    /// <summary>Each distributor unit's own databag.</summary>
    public List<ImmutableSortedDictionary<string, string>> ProviderBags { get; } = [];

    /// <summary>The distributor unit that leads.</summary>
    public int ProviderLeader { get; private set; }

    /// <summary>The distributor leader unit's databag.</summary>
    public ImmutableSortedDictionary<string, string> ProviderBag => ProviderBags[ProviderLeader];

    /// <summary>The distributor application's databag.</summary>
    public ImmutableSortedDictionary<string, string> ProviderApp { get; private set; } = NoData;

    public ConsumerHarness Harness(int unit) => _harnesses[unit];

    public PythonConsumer Python(int unit) => _python[unit];

    /// <summary>Moves the consumer application's leadership to <paramref name="unit"/>.</summary>
    public void SetConsumerLeader(int unit)
    {
        for (var i = 0; i < _consumerStates.Count; i++)
        {
            _consumerStates[i] = _consumerStates[i] with { Leader = i == unit };
        }
    }

    public State ConsumerState(int unit) => _consumerStates[unit];

    /// <summary>The live distributor units' databags, in unit order (what a consumer unit reads as its remote units).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> DistributorView()
        => LiveDistributors().Select(d => (IReadOnlyDictionary<string, string>)ProviderBags[d]).ToArray();

    /// <summary>The relation as consumer unit <paramref name="unit"/> sees it.</summary>
    public RelationState ConsumerView(int unit)
    {
        var relation = ConsumerRelation().WithRemoteAppData(ProviderApp)
            .WithLocalUnitData(ConsumerBags[unit]).WithLocalAppData(_consumerStates[unit].Leader ? ConsumerApp : NoData);
        foreach (var d in LiveDistributors())
        {
            relation = relation.WithRemoteUnit(d, ProviderBags[d]);
        }

        return relation;
    }

    /// <summary>The relation as distributor unit <paramref name="distributor"/> (the leader by default) sees it.</summary>
    public RelationState ProviderView(IEnumerable<int>? units = null, int? distributor = null)
    {
        var d = distributor ?? ProviderLeader;
        var relation = ProviderRelation().WithLocalUnitData(ProviderBags[d]).WithLocalAppData(d == ProviderLeader ? ProviderApp : NoData);
        foreach (var i in units ?? LiveConsumers())
        {
            relation = relation.WithRemoteUnit(i, ConsumerBags[i]);
        }

        return relation;
    }

    /// <summary>Runs a hook on consumer unit <paramref name="unit"/> (this project's) and keeps what it wrote.</summary>
    public RunResult Consumer(int unit, Func<RelationState, Hook> hook)
    {
        _arrived.Add(unit);
        var relation = ConsumerView(unit);
        var result = _harnesses[unit].Run(hook(relation), _consumerStates[unit].WithRelation(relation)).EnsureSuccess();
        _consumerStates[unit] = result.Output;
        ConsumerBags[unit] = result.Output.GetRelation(1).LocalUnitData;
        if (_consumerStates[unit].Leader)
        {
            ConsumerApp = result.Output.GetRelation(1).LocalAppData;
        }

        return result;
    }

    /// <summary>Runs a hook on consumer unit <paramref name="unit"/> without a relation (install, remove).</summary>
    public RunResult ConsumerNoRelation(int unit, Hook hook)
    {
        var result = _harnesses[unit].Run(hook, _consumerStates[unit]).EnsureSuccess();
        _consumerStates[unit] = result.Output;
        return result;
    }

    /// <summary>
    /// The hook a consumer unit of either kind runs when something changed: <c>relation-changed</c> (this project's is
    /// given distributor unit <c>0</c> as the remote unit; what it does does not depend on which).
    /// </summary>
    public void ConsumerChanged(int unit)
    {
        if (_python.Count > 0)
        {
            RunPython(unit, p => p.Changed(DistributorView()));
        }
        else
        {
            Consumer(unit, r => Hook.RelationChanged(r, LiveDistributors().First()));
        }
    }

    /// <summary>A consumer unit's first hooks: <c>relation-created</c>, then <c>relation-joined</c> for the first distributor unit.</summary>
    public void ConsumerArrives(int unit)
    {
        _arrived.Add(unit);
        if (_python.Count > 0)
        {
            RunPython(unit, p => p.Created(DistributorView(), _consumerStates[unit].Leader));
            RunPython(unit, p => p.Joined(DistributorView(), ProviderApp, _consumerStates[unit].Leader, WorkloadApp));
        }
        else
        {
            Consumer(unit, r => Hook.RelationCreated(r));
            Consumer(unit, r => Hook.RelationJoined(r, LiveDistributors().First()));
        }
    }

    /// <summary>Consumer unit <paramref name="unit"/> is removed: its <c>remove</c> hook, then every distributor unit's <c>relation-departed</c>.</summary>
    public void RemoveConsumer(int unit)
    {
        if (_python.Count > 0)
        {
            _python[unit].Remove();
        }
        else
        {
            ConsumerNoRelation(unit, Hook.Remove);
        }

        if (Kind == DistributorKind.Ours)
        {
            foreach (var d in LiveDistributors())
            {
                var relation = ProviderView(distributor: d);
                var result = _providers[d].RunDeparted(relation, unit, _providerStates[d].WithRelation(relation)).EnsureSuccess();
                Keep(d, result);
            }
        }

        _gone.Add(unit);
    }

    /// <summary>The distributor leader's <c>relation-changed</c> for consumer unit <paramref name="remoteUnit"/>.</summary>
    public RunResult? ProviderChanged(int remoteUnit = 0)
    {
        switch (Kind)
        {
            case DistributorKind.Seed:
                var own = new Dictionary<string, string>(ProviderBag, StringComparer.Ordinal);
                SeedLibrary.ProviderHandleMirror(own, LiveConsumers().Select(i => ConsumerBags[i]));
                ProviderBags[ProviderLeader] = own.ToImmutableSortedDictionary(StringComparer.Ordinal);
                return null;
            case DistributorKind.V08:
                V08Step();
                return null;
            default:
                var relation = ProviderView();
                var units = LiveConsumers().ToList();
                var hook = Hook.RelationChanged(relation, units.Contains(remoteUnit) ? remoteUnit : units[0]);
                var result = _providers[ProviderLeader].Run(hook, _providerStates[ProviderLeader].WithRelation(relation)).EnsureSuccess();
                Keep(ProviderLeader, result);
                return result;
        }
    }

    /// <summary>The distributor leader's <c>relation-departed</c> for consumer unit <paramref name="unit"/>; the unit is gone afterwards.</summary>
    public RunResult ProviderDeparted(int unit)
    {
        var relation = ProviderView();
        var result = _providers[ProviderLeader].RunDeparted(relation, unit, _providerStates[ProviderLeader].WithRelation(relation)).EnsureSuccess();
        Keep(ProviderLeader, result);
        _gone.Add(unit);
        return result;
    }

    /// <summary>
    /// Moves the distributor's leadership to <paramref name="unit"/>: <c>leader-elected</c> on it, and (this project's and
    /// the seed's, v0.8's alike) the former leader takes its mirror down in its next hook.
    /// </summary>
    public void MoveDistributorLeader(int unit)
    {
        var former = ProviderLeader;
        ProviderLeader = unit;
        for (var d = 0; d < _providerStates.Count; d++)
        {
            _providerStates[d] = _providerStates[d] with { Leader = d == unit };
        }

        ProviderElected(former);
        ProviderElected(unit);
    }

    /// <summary>Removes distributor unit <paramref name="unit"/> (not the leader: move leadership first).</summary>
    public void RemoveDistributor(int unit)
    {
        if (unit == ProviderLeader)
        {
            throw new InvalidOperationException("move the distributor's leadership away first");
        }

        _distributorsGone.Add(unit);
    }

    private void ProviderElected(int d)
    {
        var leader = d == ProviderLeader;
        switch (Kind)
        {
            case DistributorKind.Seed:
                var own = new Dictionary<string, string>(ProviderBags[d], StringComparer.Ordinal);
                if (leader)
                {
                    SeedLibrary.ProviderHandleMirror(own, LiveConsumers().Select(i => ConsumerBags[i]));
                }
                else if (own.TryGetValue("mirror", out var m) && m.Length > 0)
                {
                    own["mirror"] = "down";
                }

                ProviderBags[d] = own.ToImmutableSortedDictionary(StringComparer.Ordinal);
                break;
            case DistributorKind.V08:
                if (leader)
                {
                    V08Step();
                }
                else
                {
                    var bag = new Dictionary<string, string>(ProviderBags[d], StringComparer.Ordinal);
                    V08Library.ProviderNotLeader(bag);
                    ProviderBags[d] = bag.ToImmutableSortedDictionary(StringComparer.Ordinal);
                }

                break;
            default:
                var relation = ProviderView(distributor: d);
                var result = _providers[d].Run(Hook.LeaderElected, _providerStates[d].WithRelation(relation)).EnsureSuccess();
                Keep(d, result);
                break;
        }
    }

    private void V08Step()
    {
        var relation = new V08Library.ProviderRelation(
            new Dictionary<string, string>(ProviderBag, StringComparer.Ordinal),
            LiveConsumers().Select(i => (IReadOnlyDictionary<string, string>)ConsumerBags[i]).ToArray(),
            new Dictionary<string, string>(ProviderApp, StringComparer.Ordinal),
            WorkloadApp);
        V08Library.ProviderStep([relation]);
        ProviderBags[ProviderLeader] = relation.Own.ToImmutableSortedDictionary(StringComparer.Ordinal);
        ProviderApp = relation.AppData.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    private void RunPython(int unit, Action<PythonConsumer> hook)
    {
        hook(_python[unit]);
        ConsumerBags[unit] = _python[unit].Bag.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>The consumer units in the distributor's <c>relation-list</c>: arrived (ran a relation hook) and not gone.</summary>
    private IEnumerable<int> LiveConsumers() => Enumerable.Range(0, ConsumerBags.Count).Where(i => _arrived.Contains(i) && !_gone.Contains(i));

    private IEnumerable<int> LiveDistributors() => Enumerable.Range(0, ProviderBags.Count).Where(i => !_distributorsGone.Contains(i));

    private void Keep(int d, RunResult result)
    {
        _providerStates[d] = result.Output;
        ProviderBags[d] = result.Output.GetRelation(1).LocalUnitData;
        if (d == ProviderLeader)
        {
            ProviderApp = result.Output.GetRelation(1).LocalAppData;
        }
    }
}

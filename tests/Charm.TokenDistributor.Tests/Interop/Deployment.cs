using System.Collections.Immutable;
using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Interop;

using State = Charm.Testing.State;

/// <summary>
/// A small deployment for interop tests: consumer units (this project's consumer, one <see cref="ConsumerHarness"/> each,
/// sharing one <see cref="MicroclusterNodes"/>) related to one distributor leader unit, which is either this project's
/// provider or the seed's provider (<see cref="SeedLibrary.ProviderHandleMirror"/>). Databags are carried between the
/// two sides by hand, one hook at a time, as Juju would deliver them.
/// </summary>
internal sealed class Deployment
{
    private static readonly ImmutableSortedDictionary<string, string> NoData = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private readonly List<ConsumerHarness> _harnesses = [];
    private readonly List<State> _consumerStates = [];
    private readonly ProviderHarness _provider = new();
    private readonly HashSet<int> _gone = [];
    private State _providerState = new() { Leader = true };

    public Deployment(bool seedProvider, params string[] hosts)
    {
        SeedProvider = seedProvider;
        for (var i = 0; i < hosts.Length; i++)
        {
            _harnesses.Add(new ConsumerHarness(hostName: hosts[i], cluster: Cluster, unitName: $"{WorkloadApp}/{i}"));
            _consumerStates.Add(new State { HostName = hosts[i], Leader = i == 0 });
            ConsumerBags.Add(NoData);
        }
    }

    public bool SeedProvider { get; }

    public MicroclusterNodes Cluster { get; } = new();

    /// <summary>Each consumer unit's own databag.</summary>
    public List<ImmutableSortedDictionary<string, string>> ConsumerBags { get; } = [];

    /// <summary>The consumer application's databag (the leader, unit 0 unless moved, writes it).</summary>
    public ImmutableSortedDictionary<string, string> ConsumerApp { get; private set; } = NoData;

    /// <summary>The distributor leader unit's databag.</summary>
    public ImmutableSortedDictionary<string, string> ProviderBag { get; private set; } = NoData;

    /// <summary>The distributor application's databag.</summary>
    public ImmutableSortedDictionary<string, string> ProviderApp { get; private set; } = NoData;

    public ConsumerHarness Harness(int unit) => _harnesses[unit];

    /// <summary>Moves the consumer application's leadership to <paramref name="unit"/>.</summary>
    public void SetConsumerLeader(int unit)
    {
        for (var i = 0; i < _consumerStates.Count; i++)
        {
            _consumerStates[i] = _consumerStates[i] with { Leader = i == unit };
        }
    }

    public State ConsumerState(int unit) => _consumerStates[unit];

    /// <summary>The relation as consumer unit <paramref name="unit"/> sees it.</summary>
    public RelationState ConsumerView(int unit)
        => ConsumerRelation().WithRemoteUnit(0, ProviderBag).WithRemoteAppData(ProviderApp)
            .WithLocalUnitData(ConsumerBags[unit]).WithLocalAppData(_consumerStates[unit].Leader ? ConsumerApp : NoData);

    /// <summary>The relation as the distributor leader sees it.</summary>
    public RelationState ProviderView(IEnumerable<int>? units = null)
    {
        var relation = ProviderRelation().WithLocalUnitData(ProviderBag).WithLocalAppData(ProviderApp);
        foreach (var i in units ?? Enumerable.Range(0, ConsumerBags.Count).Where(i => !_gone.Contains(i)))
        {
            relation = relation.WithRemoteUnit(i, ConsumerBags[i]);
        }

        return relation;
    }

    /// <summary>Runs a hook on consumer unit <paramref name="unit"/> and keeps what it wrote.</summary>
    public RunResult Consumer(int unit, Func<RelationState, Hook> hook)
    {
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

    /// <summary>The distributor leader's <c>relation-changed</c> for consumer unit <paramref name="remoteUnit"/>.</summary>
    public RunResult? ProviderChanged(int remoteUnit = 0)
    {
        if (SeedProvider)
        {
            var own = new Dictionary<string, string>(ProviderBag, StringComparer.Ordinal);
            SeedLibrary.ProviderHandleMirror(own, ConsumerBags);
            ProviderBag = own.ToImmutableSortedDictionary(StringComparer.Ordinal);
            return null;
        }

        var relation = ProviderView();
        var result = _provider.Run(Hook.RelationChanged(relation, remoteUnit), _providerState.WithRelation(relation)).EnsureSuccess();
        Keep(result);
        return result;
    }

    /// <summary>The distributor leader's <c>relation-departed</c> for consumer unit <paramref name="unit"/>; the unit is gone afterwards.</summary>
    public RunResult ProviderDeparted(int unit)
    {
        var relation = ProviderView();
        var result = _provider.RunDeparted(relation, unit, _providerState.WithRelation(relation)).EnsureSuccess();
        Keep(result);
        _gone.Add(unit);
        return result;
    }

    private void Keep(RunResult result)
    {
        _providerState = result.Output;
        ProviderBag = result.Output.GetRelation(1).LocalUnitData;
        ProviderApp = result.Output.GetRelation(1).LocalAppData;
    }
}

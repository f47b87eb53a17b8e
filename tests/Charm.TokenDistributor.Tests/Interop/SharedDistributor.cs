using System.Collections.Immutable;
using Charm.Testing;
using Charm.TokenDistributor.Provider;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Interop;

using State = Charm.Testing.State;

/// <summary>
/// Several consumer applications, each on its own relation of this project's distributor (one unit, the leader), their
/// units on one <see cref="MicroclusterNodes"/> (the same workload daemon, so nothing but the relation data keeps their
/// clusters apart). Databags are carried between the sides by hand, one hook at a time, as Juju would deliver them.
/// </summary>
internal sealed class SharedDistributor(TokenDistributorProviderOptions? options = null)
{
    private static readonly ImmutableSortedDictionary<string, string> NoData = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private ProviderHarness _provider = new(options: options);
    private State _providerState = new() { Leader = true };

    public MicroclusterNodes Cluster { get; } = new();

    public List<Application> Apps { get; } = [];

    /// <summary>The distributor's options; replacing them models an upgrade of the distributor charm (its stored state is kept).</summary>
    public TokenDistributorProviderOptions? Options
    {
        get => _provider.Setup.ProviderOptions;
        set => _provider = new ProviderHarness(options: value);
    }

    /// <summary>Relates a consumer application of <paramref name="hosts"/> units (this project's when <paramref name="python"/> is null; unit 0 leads).</summary>
    public Application Relate(string name, PythonVersion? python, params string[] hosts)
    {
        var app = new Application(Cluster, name, Apps.Count + 1, python, hosts);
        Apps.Add(app);
        return app;
    }

    /// <summary>The distributor leader's <c>relation-changed</c> on the relation of <paramref name="app"/> (every relation is in its state).</summary>
    public RunResult DistributorChanged(Application app)
    {
        var state = _providerState;
        foreach (var a in Apps)
        {
            state = state.WithRelation(a.ProviderView());
        }

        var result = _provider.Run(Hook.RelationChanged(app.ProviderView(), app.Live.First()), state).EnsureSuccess();
        _providerState = result.Output;
        foreach (var a in Apps)
        {
            a.ProviderBag = result.Output.GetRelation(a.Id).LocalUnitData;
            a.ProviderApp = result.Output.GetRelation(a.Id).LocalAppData;
        }

        return result;
    }

    /// <summary>
    /// Every unit arrives (<c>relation-created</c>), the distributor answers on every relation, every unit gets
    /// <c>relation-joined</c>; then rounds of the distributor's and every unit's <c>relation-changed</c> until no databag
    /// changes (at most 12 rounds). <paramref name="check"/> runs after every distributor hook.
    /// </summary>
    public void Settle(Action<SharedDistributor>? check = null)
    {
        foreach (var app in Apps)
        {
            for (var i = 0; i < app.Units; i++)
            {
                app.Created(i);
            }
        }

        foreach (var app in Apps)
        {
            DistributorChanged(app);
            check?.Invoke(this);
        }

        foreach (var app in Apps)
        {
            for (var i = 0; i < app.Units; i++)
            {
                app.Joined(i);
            }
        }

        for (var round = 0; round < 12; round++)
        {
            var before = Snapshot();
            foreach (var app in Apps)
            {
                DistributorChanged(app);
                check?.Invoke(this);
                for (var i = 0; i < app.Units; i++)
                {
                    app.Changed(i);
                }

                Cluster.Settle();
            }

            if (Snapshot() == before)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException("the deployment did not settle within 12 rounds: " + Snapshot());
    }

    /// <summary>The hosts of each cluster the daemon holds, each list in ordinal order, the clusters by their first host.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Clusters()
        => Cluster.Daemon.ListClusters()
            .Select(c => (IReadOnlyList<string>)c.Members.Select(m => m.Name).Order(StringComparer.Ordinal).ToArray())
            .OrderBy(c => c[0], StringComparer.Ordinal)
            .ToArray();

    private string Snapshot()
        => string.Join(" | ", Apps.SelectMany(a => a.Bags.Append(a.ProviderBag).Append(a.ProviderApp)).Select(b => string.Join(",", b.Select(p => p.Key + "=" + p.Value))));

    /// <summary>One consumer application and what the distributor holds on its relation.</summary>
    internal sealed class Application
    {
        private readonly string[] _hosts;
        private readonly List<ConsumerHarness> _ours = [];
        private readonly List<PythonConsumer> _python = [];
        private readonly List<State> _states = [];
        private readonly HashSet<int> _arrived = [];

        public Application(MicroclusterNodes cluster, string name, int id, PythonVersion? python, string[] hosts)
        {
            Name = name;
            Id = id;
            _hosts = hosts;
            for (var i = 0; i < hosts.Length; i++)
            {
                if (python is { } version)
                {
                    _python.Add(new PythonConsumer(version, hosts[i], cluster));
                }
                else
                {
                    _ours.Add(new ConsumerHarness(hostName: hosts[i], cluster: cluster, unitName: $"{name}/{i}", hookClock: cluster.Time));
                }

                _states.Add(new State { HostName = hosts[i], Leader = i == 0 });
                Bags.Add(NoData);
            }
        }

        public string Name { get; }

        /// <summary>The id of its relation to the distributor.</summary>
        public int Id { get; }

        public int Units => _hosts.Length;

        public IReadOnlyList<string> Hosts => _hosts;

        /// <summary>Each unit's own databag.</summary>
        public List<ImmutableSortedDictionary<string, string>> Bags { get; } = [];

        /// <summary>The application databag (its leader, unit 0, writes it).</summary>
        public ImmutableSortedDictionary<string, string> AppBag { get; private set; } = NoData;

        /// <summary>The distributor unit's own databag on this relation.</summary>
        public ImmutableSortedDictionary<string, string> ProviderBag { get; set; } = NoData;

        /// <summary>The distributor application's databag on this relation.</summary>
        public ImmutableSortedDictionary<string, string> ProviderApp { get; set; } = NoData;

        /// <summary>The units in the distributor's <c>relation-list</c>.</summary>
        public IEnumerable<int> Live => Enumerable.Range(0, Units).Where(_arrived.Contains);

        /// <summary>The relation as the distributor sees it.</summary>
        public RelationState ProviderView()
        {
            var relation = ProviderRelation(Id, Name).WithLocalUnitData(ProviderBag).WithLocalAppData(ProviderApp).WithRemoteAppData(AppBag);
            foreach (var i in Live)
            {
                relation = relation.WithRemoteUnit(i, Bags[i]);
            }

            return relation;
        }

        /// <summary>A unit's first hook, <c>relation-created</c> (the seed bootstraps here when no data exists).</summary>
        public void Created(int unit)
        {
            _arrived.Add(unit);
            if (_python.Count > 0)
            {
                RunPython(unit, p => p.Created([ProviderBag], _states[unit].Leader));
            }
            else
            {
                Run(unit, r => Hook.RelationCreated(r));
            }
        }

        /// <summary><c>relation-joined</c> for the distributor unit (v0.8 bootstraps here under <c>bootstrap-app</c>).</summary>
        public void Joined(int unit)
        {
            if (_python.Count > 0)
            {
                RunPython(unit, p => p.Joined([ProviderBag], ProviderApp, _states[unit].Leader, Name));
            }
            else
            {
                Run(unit, r => Hook.RelationJoined(r, 0));
            }
        }

        /// <summary>A unit's <c>relation-changed</c>.</summary>
        public void Changed(int unit)
        {
            if (_python.Count > 0)
            {
                RunPython(unit, p => p.Changed([ProviderBag]));
            }
            else
            {
                Run(unit, r => Hook.RelationChanged(r, 0));
            }
        }

        /// <summary>Whether a unit's stored state says it is a cluster member.</summary>
        public bool InCluster(int unit) => _python.Count > 0 ? _python[unit].InCluster : _states[unit].StoredInCluster();

        private void Run(int unit, Func<RelationState, Hook> hook)
        {
            var relation = ConsumerRelation(Id).WithRemoteUnit(0, ProviderBag).WithRemoteAppData(ProviderApp)
                .WithLocalUnitData(Bags[unit]).WithLocalAppData(_states[unit].Leader ? AppBag : NoData);
            var result = _ours[unit].Run(hook(relation), _states[unit].WithRelation(relation)).EnsureSuccess();
            _states[unit] = result.Output;
            Bags[unit] = result.Output.GetRelation(Id).LocalUnitData;
            if (_states[unit].Leader)
            {
                AppBag = result.Output.GetRelation(Id).LocalAppData;
            }
        }

        private void RunPython(int unit, Action<PythonConsumer> hook)
        {
            hook(_python[unit]);
            Bags[unit] = _python[unit].Bag.ToImmutableSortedDictionary(StringComparer.Ordinal);
        }
    }
}

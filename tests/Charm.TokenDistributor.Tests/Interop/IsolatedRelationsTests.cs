using System.Text.Json;
using Charm.TokenDistributor.Provider;

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>
/// Two consumer applications related to one distributor endpoint, on one workload daemon, with
/// <see cref="TokenDistributorProviderOptions.IsolateRelations"/> on and off (docs/security.md, "Cross-application
/// exposure"). Off is v0.8's design: its provider merges the mirror of every relation of the endpoint and writes the
/// merged mirror to each (so that several applications form one shared cluster), and names one <c>bootstrap-app</c> on
/// every relation.
/// </summary>
public sealed class IsolatedRelationsTests
{
    private static readonly TokenDistributorProviderOptions Isolated = new() { IsolateRelations = true };

    [Fact]
    public void Isolated_two_applications_of_ours_form_two_clusters_and_no_databag_carries_the_others_hosts_or_tokens()
    {
        var d = new SharedDistributor(Isolated);
        d.Relate("alpha", python: null, "a-0", "a-1", "a-2");
        d.Relate("beta", python: null, "b-0", "b-1");

        d.Settle(AssertNothingCrosses);

        Assert.Equal([["a-0", "a-1", "a-2"], ["b-0", "b-1"]], d.Clusters());
        Assert.Equal(2, d.Cluster.Count("bootstrap"));
        Assert.All(d.Apps, app => Assert.All(Enumerable.Range(0, app.Units), i => Assert.True(app.InCluster(i), $"{app.Name}/{i} is no member")));
        // Each relation's grant names a unit of its own application.
        Assert.Equal("alpha/0", d.Apps[0].ProviderApp["cluster-bootstrap-unit"]);
        Assert.Equal("beta/0", d.Apps[1].ProviderApp["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void Without_isolation_each_relation_carries_both_applications_hosts_and_one_bootstrap_app_as_v08_writes_them()
    {
        // v0.8's _collect_cross_relation_mirror: the hosts of every relation are written on all of them; and
        // _handle_bootstrappable_app names one application on every relation, so only that one bootstraps.
        var d = new SharedDistributor();
        d.Relate("alpha", python: null, "a-0", "a-1");
        d.Relate("beta", python: null, "b-0", "b-1");

        d.Settle();

        Assert.Equal(1, d.Cluster.Count("bootstrap"));
        Assert.All(d.Clusters(), c => Assert.DoesNotContain("b-0", c));
        Assert.All(d.Apps, app => Assert.Equal("alpha", app.ProviderApp["bootstrap-app"]));
        Assert.All(d.Apps, app => Assert.Equal(["a-0", "a-1", "b-0", "b-1"], MirrorHosts(app)));
    }

    [Fact]
    public void Switching_isolation_on_removes_the_other_relations_keys_from_each_databag_in_the_next_hook()
    {
        var d = new SharedDistributor();
        var alpha = d.Relate("alpha", python: null, "a-0", "a-1");
        var beta = d.Relate("beta", python: null, "b-0", "b-1");
        d.Settle();
        Assert.Equal(["a-0", "a-1", "b-0", "b-1"], MirrorHosts(beta));
        Assert.Equal(["a-0", "a-1", "b-0", "b-1"], HostUnitsHosts(beta));

        d.Options = Isolated;
        d.DistributorChanged(beta);

        AssertNothingCrosses(d);
        Assert.Equal(["a-0", "a-1"], MirrorHosts(alpha));
        Assert.Equal(["b-0", "b-1"], MirrorHosts(beta));
        Assert.Equal(["a-0", "a-1"], HostUnitsHosts(alpha));
        Assert.Equal(["b-0", "b-1"], HostUnitsHosts(beta));
        Assert.Equal("alpha", alpha.ProviderApp["bootstrap-app"]);
        Assert.Equal("beta", beta.ProviderApp["bootstrap-app"]);
        Assert.All(d.Apps, app => Assert.DoesNotContain(
            Fingerprints(app).Keys, h => !app.Hosts.Contains(h)));
    }

    public static TheoryData<string, string> PythonPairings => new()
    {
        { "Seed", "Seed" },
        { "V08", "V08" },
        { "Ours", "V08" },
        { "Seed", "Ours" },
    };

    [Theory]
    [MemberData(nameof(PythonPairings))]
    public void Isolated_seed_and_v08_consumers_still_form_one_cluster_per_application(string first, string second)
    {
        // It only restricts what the distributor writes: a v0.8 consumer bootstraps when bootstrap-app names its own
        // application (its _handle_relation_joined), a seed leader when no mirrored data exists (relation-created), and
        // both take the token under mirror-<their host>; isolation gives each relation its own of all three.
        var d = new SharedDistributor(Isolated);
        d.Relate("alpha", Kind(first), "a-0", "a-1", "a-2");
        d.Relate("beta", Kind(second), "b-0", "b-1");

        d.Settle(AssertNothingCrosses);

        Assert.Equal([["a-0", "a-1", "a-2"], ["b-0", "b-1"]], d.Clusters());
        Assert.All(d.Apps, app => Assert.All(Enumerable.Range(0, app.Units), i => Assert.True(app.InCluster(i), $"{app.Name}/{i} is no member")));
    }

    private static PythonVersion? Kind(string name) => name == "Ours" ? null : Enum.Parse<PythonVersion>(name);

    /// <summary>
    /// Each relation's distributor databags name only its own application's hosts, and every value mirrored on it is
    /// one a unit of that application offered, never one a unit of another application offered.
    /// </summary>
    private static void AssertNothingCrosses(SharedDistributor d)
    {
        foreach (var app in d.Apps)
        {
            Assert.All(MirrorHosts(app), h => Assert.Contains(h, app.Hosts));
            Assert.All(HostUnitsHosts(app), h => Assert.Contains(h, app.Hosts));
            Assert.All(Fingerprints(app).Keys, h => Assert.Contains(h, app.Hosts));
            foreach (var (key, value) in app.ProviderBag.Where(p => p.Key.StartsWith("mirror-", StringComparison.Ordinal) && p.Value is not ("empty" or "joined")))
            {
                Assert.Contains(app.Bags, b => b.GetValueOrDefault(key) == value);
                foreach (var other in d.Apps.Where(o => o != app))
                {
                    Assert.DoesNotContain(other.Bags.SelectMany(b => b.Values), v => v == value);
                }
            }
        }
    }

    private static string[] MirrorHosts(SharedDistributor.Application app)
        => app.ProviderBag.Keys.Where(k => k.StartsWith("mirror-", StringComparison.Ordinal)).Select(k => k["mirror-".Length..]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The hosts in <c>cluster-host-units</c>, read with a JSON parser.</summary>
    private static string[] HostUnitsHosts(SharedDistributor.Application app)
        => app.ProviderApp.TryGetValue("cluster-host-units", out var text)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(text)!.Keys.Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary><c>cluster-token-fingerprints</c>, read with a JSON parser.</summary>
    private static Dictionary<string, string[]> Fingerprints(SharedDistributor.Application app)
        => app.ProviderApp.TryGetValue("cluster-token-fingerprints", out var text)
            ? JsonSerializer.Deserialize<Dictionary<string, string[]>>(text)!
            : [];
}

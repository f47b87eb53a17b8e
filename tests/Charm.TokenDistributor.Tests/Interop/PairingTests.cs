using Charm.Testing;
using Charm.TokenDistributor.Tests.Support;

namespace Charm.TokenDistributor.Tests.Interop;

/// <summary>
/// Every pairing of this project with the Python libraries (seed, v0.8) and with itself, in both directions, through
/// leader moves of both applications, unit removal, token expiry and a rejected token. The Python sides are the models in
/// <see cref="SeedLibrary"/>, <see cref="V08Library"/> and <see cref="PythonConsumer"/> (docs/protocol.md).
/// </summary>
public sealed class PairingTests
{
    private const string Rejected = "Join token was rejected; waiting for a new one";

    private const string KeptByV08 = "Join token was rejected; the distributor keeps it until its leader changes: add a distributor unit, then remove its leader";

    public static TheoryData<string> Distributors => ["Ours", "Seed", "V08"];

    /// <summary>Runs the distributor leader and every live consumer unit until no databag changes (at most 12 rounds).</summary>
    private static void Settle(Deployment d, params int[] consumers)
    {
        for (var round = 0; round < 12; round++)
        {
            var before = Snapshot(d);
            d.ProviderChanged(consumers[0]);
            foreach (var unit in consumers)
            {
                d.ConsumerChanged(unit);
            }

            d.ProviderChanged(consumers[0]);
            if (Snapshot(d) == before)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException("the deployment did not settle within 12 rounds: " + Snapshot(d));
    }

    private static string Snapshot(Deployment d)
        => string.Join(" | ", d.ConsumerBags.Concat(d.ProviderBags).Select(b => string.Join(",", b.Select(p => p.Key + "=" + p.Value))));

    private static IEnumerable<string> Members(Deployment d) => d.Cluster.Members.Select(m => m.Name);

    [Theory]
    [MemberData(nameof(Distributors))]
    public void Our_consumer_forms_the_cluster_recovers_from_an_expired_token_and_survives_both_leaders_leaving(string distributor)
    {
        var kind = Enum.Parse<DistributorKind>(distributor);
        var d = new Deployment(kind, python: null, distributors: 2, "node-a", "node-b", "node-c", "node-d");
        for (var i = 0; i < 3; i++)
        {
            d.ConsumerArrives(i);
        }

        d.ProviderChanged();
        d.ConsumerArrives(0);
        Settle(d, 0, 1, 2);
        Assert.Equal(["node-a", "node-b", "node-c"], Members(d));

        // node-d arrives; its token expires before it tries it, so the cluster refuses it.
        d.ConsumerArrives(3);
        d.ProviderChanged(3);
        d.ConsumerChanged(0);
        d.ProviderChanged(0);
        var expired = d.ProviderBag["mirror-node-d"];
        d.Cluster.ExpireTokens();
        d.ConsumerChanged(3);
        Assert.Equal(kind == DistributorKind.V08 ? KeptByV08 : Rejected, d.ConsumerState(3).UnitStatus.Message);

        // With our distributor, which relays the renounced token, the communicator re-issues in its next hook; with the
        // Python distributors only a token lifetime later (the consumer reads the framework's clock: the cluster's here).
        Settle(d, 0, 1, 2, 3);
        Assert.Equal(kind == DistributorKind.Ours, Members(d).Contains("node-d"));
        d.Cluster.Clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));
        Settle(d, 0, 1, 2, 3);
        if (kind == DistributorKind.V08)
        {
            // v0.8 never replaces a token it holds: node-d cannot join while this leader leads (docs/protocol.md, v0.8
            // provider: a held real value is never replaced), and its status says what an operator can do.
            Assert.Equal(expired, d.ProviderBag["mirror-node-d"]);
            Assert.DoesNotContain("node-d", Members(d));
            Assert.Equal(KeptByV08, d.ConsumerState(3).UnitStatus.Message);
        }
        else
        {
            Assert.Contains("node-d", Members(d));
        }

        // The distributor's leadership moves, then its former leader is removed: a new leader takes the communicator's
        // current token (v0.8: its own databag lacks the key), so node-d joins in every pairing.
        d.MoveDistributorLeader(1);
        d.RemoveDistributor(0);
        Settle(d, 0, 1, 2, 3);
        Assert.Equal(["node-a", "node-b", "node-c", "node-d"], Members(d));
        Assert.True(d.ConsumerState(3).StoredInCluster());

        // The consumer leader, which is also the communicator, is removed; leadership moves to node-b.
        d.RemoveConsumer(0);
        d.SetConsumerLeader(1);
        Settle(d, 1, 2, 3);
        Assert.Equal(["node-b", "node-c", "node-d"], Members(d));
        Assert.Equal("up", d.ConsumerBags[1]["mirror"]);
        Assert.Equal(0, d.Cluster.Daemon.ListOutstandingTokens().Count(t => t.Name == "node-a"));
    }

    public static TheoryData<string> PythonConsumers => ["Seed", "V08"];

    [Theory]
    [MemberData(nameof(PythonConsumers))]
    public void Python_consumers_form_the_cluster_through_our_distributor_across_a_leader_move_and_a_removal(string version)
    {
        var python = Enum.Parse<PythonVersion>(version);
        var d = new Deployment(DistributorKind.Ours, python, distributors: 2, "node-a", "node-b", "node-c", "node-d");
        for (var i = 0; i < 3; i++)
        {
            d.ConsumerArrives(i);
        }

        d.ProviderChanged();
        d.ConsumerArrives(0);
        Settle(d, 0, 1, 2);
        Assert.Equal(["node-a", "node-b", "node-c"], Members(d));
        Assert.Equal("workload", d.ProviderApp["bootstrap-app"]);

        // The distributor's leadership moves: the new leader mirrors the same tokens, the former one goes down.
        d.MoveDistributorLeader(1);
        Assert.Equal("down", d.ProviderBags[0]["mirror"]);
        Settle(d, 0, 1, 2);

        // node-b leaves; node-d arrives and joins with the token the Python communicator issues.
        d.RemoveConsumer(1);
        d.ConsumerArrives(3);
        Settle(d, 0, 2, 3);
        Assert.Equal(["node-a", "node-c", "node-d"], Members(d));
        Assert.False(d.ProviderBag.ContainsKey("mirror-node-b"));
        Assert.Equal(["bootstrap"], d.Python(0).Calls.Where(c => c[0] == "bootstrap").Select(c => c[0]));
    }

    [Fact]
    public void A_v08_consumer_whose_token_expired_stays_blocked_and_our_distributor_keeps_the_token_it_mirrors()
    {
        // v0.8 never re-issues (docs/protocol.md, hazard H-7): the Python unit is blocked until an operator acts; our
        // distributor must not make it worse, and keeps mirroring the one token its communicator published.
        var d = new Deployment(DistributorKind.Ours, PythonVersion.V08, distributors: 1, "node-a", "node-b");
        d.ConsumerArrives(0);
        d.ProviderChanged();
        d.ConsumerArrives(0);
        d.ProviderChanged();
        d.ConsumerArrives(1);
        d.ProviderChanged();
        d.ConsumerChanged(0);
        d.ProviderChanged();
        var token = d.ProviderBag["mirror-node-b"];
        d.Cluster.ExpireTokens();

        Settle(d, 0, 1);

        Assert.Equal("blocked: Joining cluster failed", d.Python(1).Status);
        Assert.Equal(token, d.ProviderBag["mirror-node-b"]);
        Assert.Equal(["node-a"], Members(d));
    }
}

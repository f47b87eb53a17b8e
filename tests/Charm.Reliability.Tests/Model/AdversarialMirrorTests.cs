using System.Globalization;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Processes;
using Charm.Framework.State;
using Charm.Reliability.Tests.Support;
using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;
using CsCheck;

namespace Charm.Reliability.Tests.Model;

using State = Charm.Testing.State;

/// <summary>
/// Adversarial schedules (docs/security.md): an honest consumer application whose communicator offers tokens for its
/// own hosts, next to a rogue unit of the same application and a rogue second application related to the same
/// distributor endpoint, each offering forged tokens and up to 2,000 <c>empty</c> keys, over several rounds of
/// distributor-leader and communicator hooks in a random order. Properties: the mirror holds a placeholder only for a
/// host some unit publishes, never a value for one application's host offered by another application, the communicator
/// runs at most <see cref="TokenConsumerOptions.MaxTokensPerHook"/> <c>add</c> calls per hook, and every name it mints a
/// token for is a host a unit of its application publishes.
/// </summary>
public sealed class AdversarialMirrorTests
{
    /// <summary>Schedules per run (docs/security.md and docs/reliability.md quote it).</summary>
    internal const int Schedules = 300;

    private const int Cap = 5;

    private static readonly Gen<Schedule> Schedules_ = Gen.Select(
        Gen.Int[1, 4],
        Gen.Int[0, 2000],
        Gen.Int[0, 300],
        Gen.Bool,
        Gen.Int[1, 6],
        Gen.Int[0, int.MaxValue]).Select((honest, rogueEmpty, otherEmpty, rogueFirst, rounds, seed) =>
            new Schedule(honest, rogueEmpty, otherEmpty, rogueFirst, rounds, seed));

    [Fact]
    public void ARogueUnitAndARogueApplicationCannotSteerTheMirrorOrTheCommunicator()
        => Schedules_.Run(RunSchedule, iter: Schedules, threads: 1, print: s => s.ToString());

    private static void RunSchedule(Schedule schedule)
    {
        var honestHosts = Enumerable.Range(0, schedule.Honest).Select(i => "workload-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        const string rogueHost = "workload-rogue";
        const string otherHost = "other-0";
        var published = honestHosts.Append(rogueHost).Append(otherHost).ToHashSet(StringComparer.Ordinal);
        var adds = new List<string>();
        var addsThisHook = 0;
        var maxAddsPerHook = 0;
        var runner = new RecordingProcessRunner(spec =>
        {
            if (spec.Arguments is ["list", ..])
            {
                return new ProcessResult(0, MembersJson(honestHosts[0]), string.Empty);
            }

            if (spec.Arguments is ["add", var name])
            {
                adds.Add(name);
                addsThisHook++;
                return new ProcessResult(0, "token-for-" + name + "-" + adds.Count.ToString(CultureInfo.InvariantCulture) + "\n", string.Empty);
            }

            return new ProcessResult(0, string.Empty, string.Empty);
        });

        var distributor = new Context(ctx => new Distributor(ctx), ClusterCharms.DistributorMetadata, "distributor/0");
        var communicator = new Context(ctx => new Consumer(ctx), ClusterCharms.ConsumerMetadata, "workload/0") { ProcessRunner = runner };
        var mirror = new Dictionary<string, string>(StringComparer.Ordinal);
        var offers = new Dictionary<string, string>(StringComparer.Ordinal);
        var communicatorState = new State { Leader = true, HostName = honestHosts[0] }
            .WithStored("token-consumer/" + ClusterCharms.ConsumerEndpoint, [new KeyValuePair<string, StoredValue>("in-cluster", true)]);
        var random = new Random(schedule.Seed);
        for (var round = 0; round < schedule.Rounds; round++)
        {
            // The distributor leader mirrors what the three kinds of offering units hold.
            var workload = new RelationState(ClusterCharms.ProviderEndpoint, 1, "workload");
            var honestUnits = honestHosts.Select((host, i) => (i, host)).ToList();
            var rogueUnit = (Index: schedule.Honest, Bag: RogueBag(rogueHost, schedule.RogueEmpty, honestHosts, otherHost));
            if (schedule.RogueFirst)
            {
                workload = workload.WithRemoteUnit(rogueUnit.Index, rogueUnit.Bag);
            }

            foreach (var (i, host) in honestUnits)
            {
                var bag = new Dictionary<string, string>(StringComparer.Ordinal) { ["hostname"] = host };
                if (i == 0)
                {
                    bag["mirror"] = "up";
                    foreach (var (k, v) in offers)
                    {
                        bag[k] = v;
                    }
                }

                workload = workload.WithRemoteUnit(i, bag);
            }

            if (!schedule.RogueFirst)
            {
                workload = workload.WithRemoteUnit(rogueUnit.Index, rogueUnit.Bag);
            }

            var other = new RelationState(ClusterCharms.ProviderEndpoint, 2, "other")
                .WithRemoteUnit(0, RogueBag(otherHost, schedule.OtherEmpty, honestHosts, "workload-rogue"));
            var distributed = distributor.Run(Hook.RelationChanged(random.Next(2) == 0 ? workload : other, 0), new State { Leader = true }.WithRelation(workload).WithRelation(other));
            Assert.True(distributed.Succeeded, distributed.StandardError);
            mirror = distributed.Output.GetRelation(1).LocalUnitData.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

            foreach (var (key, value) in mirror.Where(p => p.Key.StartsWith("mirror-", StringComparison.Ordinal)))
            {
                var host = key["mirror-".Length..];
                Assert.True(published.Contains(host) || value != "empty", $"round {round}: a placeholder for {host}, which nobody publishes");
                Assert.False(value.StartsWith("forged-by-", StringComparison.Ordinal) && !value.StartsWith("forged-by-" + AppOf(host), StringComparison.Ordinal), $"round {round}: {key}={value} came from another application");
            }

            // The communicator reads the mirror (the workload side of relation 1) and issues tokens, as many hooks as the round has.
            for (var hook = 0; hook < 1 + random.Next(3); hook++)
            {
                var consumerRelation = new RelationState(ClusterCharms.ConsumerEndpoint, 1, "distributor").WithRemoteUnit(0, mirror);
                addsThisHook = 0;
                var issued = communicator.Run(Hook.RelationChanged(consumerRelation, 0), communicatorState.WithRelation(consumerRelation));
                Assert.True(issued.Succeeded, issued.StandardError);
                maxAddsPerHook = Math.Max(maxAddsPerHook, addsThisHook);
                Assert.True(addsThisHook <= Cap, $"round {round}: {addsThisHook} add calls in one hook (cap {Cap})");
                communicatorState = issued.Output;
                offers = issued.Output.GetRelation(1).LocalUnitData.Where(p => p.Key.StartsWith("mirror-", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            }
        }

        Assert.All(adds, name => Assert.True(published.Contains(name), $"a token was minted for {name}, which nobody publishes"));
        // (v0.8's merge shows the other application's published hosts to this communicator too, so it may mint tokens for
        // them; our mirror never takes those tokens from this application: docs/security.md, "Cross-application exposure".)
        Assert.DoesNotContain(adds, name => name.StartsWith("ghost-", StringComparison.Ordinal));
    }

    /// <summary>A rogue unit's databag: mirror=up, forged tokens for the hosts of others, and <paramref name="empties"/> placeholders for hosts nobody runs.</summary>
    private static Dictionary<string, string> RogueBag(string host, int empties, IEnumerable<string> victims, string otherVictim)
    {
        var bag = new Dictionary<string, string>(StringComparer.Ordinal) { ["hostname"] = host, ["mirror"] = "up" };
        foreach (var victim in victims.Append(otherVictim))
        {
            bag["mirror-" + victim] = "forged-by-" + AppOf(host) + "-for-" + victim;
        }

        for (var i = 0; i < empties; i++)
        {
            bag["mirror-ghost-" + host + "-" + i.ToString(CultureInfo.InvariantCulture)] = "empty";
        }

        return bag;
    }

    private static string AppOf(string host) => host.StartsWith("workload-", StringComparison.Ordinal) ? "workload" : "other";

    private static string MembersJson(string host)
        => "[{\"name\":\"" + host + "\",\"address\":\"10.0.0.1:7443\",\"role\":\"voter\",\"status\":\"ONLINE\"}]";

    internal sealed record Schedule(int Honest, int RogueEmpty, int OtherEmpty, bool RogueFirst, int Rounds, int Seed)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"honest {Honest}, rogue empties {RogueEmpty}, other app empties {OtherEmpty}, rogue first {RogueFirst}, rounds {Rounds}, seed {Seed}");
    }

    private sealed class Consumer : CharmBase
    {
        public Consumer(CharmContext context)
            : base(context) => _ = new TokenConsumer(this, ClusterCharms.ConsumerEndpoint, new ClusterCommand(ClusterCharms.Command), new TokenConsumerOptions { MaxTokensPerHook = Cap });
    }

    private sealed class Distributor : CharmBase
    {
        public Distributor(CharmContext context)
            : base(context) => _ = new TokenDistributorProvider(this, ClusterCharms.ProviderEndpoint);
    }
}

using System.Globalization;
using System.Text;
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Processes;
using Charm.Framework.State;
using Charm.Reliability.Tests.Support;
using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Provider;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

using State = Charm.Testing.State;

/// <summary>
/// Hostile relation data (keys and values: huge, unicode, empty, <c>mirror-</c> prefixes, protocol words) as the consumer
/// and the provider read it, through Charm.Testing: every hook succeeds (a peer's bad data never fails a hook), the state
/// it leaves can be saved and read back, and the databags it writes obey Juju's key rules.
/// </summary>
public sealed class RelationDataFuzzTests
{
    private const int Iterations = 2_000;

    private static readonly Gen<int> HookKinds = Gen.Int[0, 5];

    /// <summary>1–3 remote units with hostile databags (most of them mirror=up, so their data is read).</summary>
    private static readonly Gen<RelationState> Relations = Gen.Select(
        Gen.Select(Hostile.ValidBag, Gen.Bool, Gen.Int[0, 2]).Array[1, 3],
        Hostile.ValidBag,
        Hostile.ValidBag,
        Hostile.ValidBag,
        (units, remoteApp, localUnit, localApp) =>
        {
            var relation = new RelationState(ClusterCharms.ConsumerEndpoint, 3, "remote")
                .WithRemoteAppData(remoteApp).WithLocalUnitData(Valid(localUnit)).WithLocalAppData(Valid(localApp));
            for (var i = 0; i < units.Length; i++)
            {
                var (bag, up, extensions) = units[i];
                if (up)
                {
                    bag["mirror"] = "up";
                }

                if (extensions > 0)
                {
                    // This project's earlier units (consumed tokens only) or its current ones (with the bootstrap grant).
                    bag["token-distributor-extensions"] = extensions == 1 ? "consumed-tokens" : "consumed-tokens,bootstrap-grant";
                }

                relation = relation.WithRemoteUnit(i, bag);
            }

            return relation;
        });

    [Fact]
    public void TheConsumerSurvivesAnyRelationData()
        => Gen.Select(Relations, HookKinds, Gen.Bool, Gen.Int[0, 4]).Run(
            (relation, hook, leader, membership) => Check(Consumer(membership), relation with { Endpoint = ClusterCharms.ConsumerEndpoint }, hook, leader),
            iter: Iterations,
            print: t => Describe(t.Item1, t.Item2, t.Item3) + ", membership " + t.Item4.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void TheProviderSurvivesAnyRelationData()
        => Gen.Select(Relations, HookKinds, Gen.Bool).Run(
            (relation, hook, leader) => Check(Provider(), relation with { Endpoint = ClusterCharms.ProviderEndpoint }, hook, leader),
            iter: Iterations,
            print: t => Describe(t.Item1, t.Item2, t.Item3));

    private static void Check(Context context, RelationState relation, int hook, bool leader)
    {
        var state = new State { Leader = leader, HostName = "workload-0" }.WithRelation(relation);
        if (hook == 5)
        {
            // A consumer that is already a member: the mirror step runs (list, add, …) on the hostile mirror.
            state = state.WithStored("token-consumer/cluster", [new("in-cluster", StoredValue.FromBoolean(true))]);
        }

        var result = context.Run(hook switch
        {
            0 => Hook.RelationCreated(relation),
            1 => Hook.RelationJoined(relation, 0),
            2 => Hook.RelationChanged(relation, 0),
            3 => Hook.RelationDeparted(relation, 0),
            4 => Hook.LeaderElected,
            _ => Hook.UpdateStatus,
        }, state);

        Assert.True(result.Succeeded, $"the hook failed: {result.Error}\n{result.StandardError}");
        var saved = StateCodec.Serialize(result.Output.Stored);
        Assert.Equal(result.Output.Stored, StateCodec.Deserialize(saved));
        foreach (var set in result.RelationSets)
        {
            Assert.DoesNotContain("\n", set.Arguments, StringComparison.Ordinal);
        }
    }

    private static Context Consumer(int membership)
        => new(ctx => new FuzzConsumerCharm(ctx), ClusterCharms.ConsumerMetadata, "workload/0") { ProcessRunner = new MembershipRunner(membership) };

    private static Context Provider()
        => new(ctx => new FuzzProviderCharm(ctx), ClusterCharms.DistributorMetadata, "distributor/0");

    /// <summary>Only what a unit can have in its own databags (valid keys): the hostile part is what remote units wrote.</summary>
    private static Dictionary<string, string> Valid(Dictionary<string, string> bag)
        => bag.Where(p => p.Key.Length > 0 && !p.Key.Any(char.IsWhiteSpace) && !p.Key.Contains('=', StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static string Describe(RelationState relation, int hook, bool leader)
        => $"hook {hook}, leader {leader}, remote units: " + string.Join(" | ", relation.RemoteUnitsData.Select(u => string.Join(", ", u.Value.Select(p => Hostile.Show(p.Key) + "=" + Hostile.Show(p.Value)))));

    private sealed class FuzzConsumerCharm : CharmBase
    {
        public FuzzConsumerCharm(CharmContext context)
            : base(context) => _ = new TokenConsumer(this, ClusterCharms.ConsumerEndpoint, new ClusterCommand("microctl"));
    }

    private sealed class FuzzProviderCharm : CharmBase
    {
        public FuzzProviderCharm(CharmContext context)
            : base(context) => _ = new TokenDistributorProvider(this, ClusterCharms.ProviderEndpoint);
    }

    /// <summary>
    /// A cluster CLI whose <c>list</c> shows this host in one of a few shapes; <c>add</c> prints a token for a valid host name
    /// and, like microcluster, refuses any other name; the rest succeed.
    /// </summary>
    private sealed class MembershipRunner(int membership) : IProcessRunner
    {
        public ProcessResult Run(ProcessSpec spec)
        {
            var command = spec.Arguments.Count > 0 ? spec.Arguments[0] : "";
            return command switch
            {
                "list" => new ProcessResult(0, membership switch
                {
                    0 => "[{\"name\":\"workload-0\",\"role\":\"voter\",\"status\":\"ONLINE\"}]",
                    1 => "[{\"name\":\"workload-0\",\"role\":\"PENDING\",\"status\":\"ONLINE\"}]",
                    2 => "[{\"name\":\"a\",\"role\":\"voter\",\"status\":\"ONLINE\"},{\"name\":\"workload-0\",\"role\":\"voter\",\"status\":\"ONLINE\"}]",
                    3 => "not json",
                    _ => "[]",
                }, ""),
                "add" when !ValidHostName(spec.Arguments[^1]) => new ProcessResult(1, "", $"Error: Token name \"{spec.Arguments[^1]}\" is not a valid FQDN\n"),
                "add" => new ProcessResult(0, Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"secret\":\"" + spec.Arguments[^1].Length.ToString(CultureInfo.InvariantCulture) + "\"}")) + "\n", ""),
                _ => new ProcessResult(0, "", ""),
            };
        }

        private static bool ValidHostName(string name)
            => name.Length is > 0 and <= 253 && name.Split('.').All(label => label.Length is > 0 and <= 63
                && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');
    }
}

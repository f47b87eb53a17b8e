using System.Text;
using Charm.Framework.Hosting;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Reliability.Tests.Processes;

/// <summary>
/// The workload and distributor charms run as Juju runs charms: every hook a real process started through the unit's
/// <c>dispatch</c>, with the simulator's hook tools (and <c>microctl</c>) on <c>PATH</c>, state in <c>.unit-state.json</c>.
/// A unit recovers on its next hook from a process killed mid-hook, a hook tool that fails, and a corrupt state file (from
/// its last-good copy; with both corrupt, hooks fail with exit 3 until a person puts good state back). The model is
/// deployed once (processes are slow: about a second a hook) and the cluster forms with two processes killed on the way;
/// the other cases then work on one unit each.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RealProcessRecoveryTests(RealProcessDeployment deployment) : IClassFixture<RealProcessDeployment>
{
    private Simulation Sim => deployment.Simulation;

    private static string StatePath(SimulatedUnit unit) => Path.Combine(unit.CharmDirectory!, FileStateStore.DefaultFileName);

    private void AssertOneClusterOfEveryWorkload()
    {
        var cluster = Assert.Single(Sim.Microcluster.ListClusters());
        Assert.Equal(["workload-0", "workload-1"], cluster.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    private static bool InCluster(SimulatedUnit unit)
        => new FileStateStore(StatePath(unit)).Load().Stored.TryGetValue("token-consumer/cluster", out var ns) && ns.TryGetValue("in-cluster", out var v) && v.AsBoolean();

    [Fact]
    public void ProcessesKilledRightAfterBootstrapAndAfterJoinAreRetriedAndTheClusterForms()
    {
        var formation = deployment.Formation;
        Assert.Equal(StopReason.Quiescent, deployment.FormationResult.Reason);
        var killed = formation.Where(t => t.Result != HookResult.Succeeded).ToList();
        Assert.True(killed.Count == 2, string.Join("\n", killed.Take(3).Select(t => t + "\n" + t.ErrorOutput)));
        Assert.Contains(killed, t => t.Unit == "workload/0" && t.ClusterCalls.Any(c => c.Arguments[0] == "bootstrap" && c.ExitCode == 0));
        Assert.Contains(killed, t => t.Unit == "workload/1" && t.ClusterCalls.Any(c => c.Arguments[0] == "join" && c.ExitCode == 0));
        Assert.All(killed, t => Assert.Empty(t.Changes));
        foreach (var failed in killed)
        {
            // The same hook ran again and succeeded: the CLI said "already a member", which the consumer records.
            Assert.Contains(formation, t => t.Step > failed.Step && t.Unit == failed.Unit && t.Hook == failed.Hook && t.Result == HookResult.Succeeded);
        }

        Assert.Single(Sim.Microcluster.ListClusters());
        Assert.True(deployment.AllWorkloadsWereMembers, "after the formation, a workload unit did not know it was a member");
        Assert.Equal("workload/0", Assert.Single(Sim.Model.Relations).ApplicationData("workload")["cluster-bootstrapped-by"]);
        Assert.Equal("workload/0", Assert.Single(Sim.Model.Relations).ApplicationData("distributor")["cluster-bootstrap-unit"]);
    }

    [Fact]
    public void AFailingHookToolFailsTheHookWhichChangesNothingAndTheRetryLosesNoData()
    {
        var unit = Sim.Model.GetUnit("workload/1");
        var relation = Assert.Single(Sim.Model.Relations);
        var state = File.ReadAllBytes(StatePath(unit));
        var databag = relation.UnitData(unit.Name).ToDictionary();
        Assert.True(InCluster(unit));

        var flag = Path.Combine(unit.CharmDirectory!, "fail-hook-tools");
        File.WriteAllText(flag, "");
        Sim.TriggerUpdateStatus(unit.Name);
        var failed = Sim.Step(unit.Name)!;

        Assert.Equal(HookResult.Failed, failed.Result);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("injected failure", failed.ErrorOutput, StringComparison.Ordinal);
        Assert.Equal(state, File.ReadAllBytes(StatePath(unit)));
        Assert.Equal(databag, relation.UnitData(unit.Name).ToDictionary());

        File.Delete(flag);
        var retried = Sim.Step(unit.Name)!;

        Assert.Equal(HookResult.Succeeded, retried.Result);
        Assert.Equal(failed.Hook, retried.Hook);
        Assert.True(InCluster(unit));
        var after = relation.UnitData(unit.Name);
        Assert.All(databag, pair => Assert.Equal(pair.Value, after.GetValueOrDefault(pair.Key)));
        AssertOneClusterOfEveryWorkload();
    }

    private static string[] KeptCorruptFiles(SimulatedUnit unit)
        => Directory.GetFiles(unit.CharmDirectory!, FileStateStore.DefaultFileName + FileStateStore.CorruptSuffix + "*");

    private static readonly byte[] Truncated = Encoding.UTF8.GetBytes("{\"format\":\"charm-state\",\"version\":1,\"stored\":{\"token-consumer/cluster\":{\"in-cl");

    [Fact]
    public void ACorruptStateFileIsRecoveredOnTheVeryNextHookFromItsLastGoodCopyWithItsDataIntact()
    {
        var unit = Sim.Model.GetUnit("workload/0");
        var path = StatePath(unit);
        var good = File.ReadAllBytes(path);
        Assert.Equal(good, File.ReadAllBytes(path + FileStateStore.LastGoodSuffix));
        var keptBefore = KeptCorruptFiles(unit);
        File.WriteAllBytes(path, Truncated);

        Sim.TriggerUpdateStatus(unit.Name);
        var recovered = Sim.Step(unit.Name)!;

        var kept = Assert.Single(KeptCorruptFiles(unit).Except(keptBefore));
        try
        {
            Assert.True(recovered.Result == HookResult.Succeeded, recovered + "\n" + recovered.ErrorOutput);
            Assert.Equal(0, recovered.ExitCode);
            Assert.Equal(1, recovered.Attempt);
            Assert.Equal(Truncated, File.ReadAllBytes(kept));

            // (The simulator keeps standard error only for failed hooks; the warning is in juju-log too.)
            var warning = Assert.Single(recovered.ToolCalls, c => c.Tool == "juju-log" && c.Arguments.Contains("was corrupt", StringComparison.Ordinal));
            Assert.Contains("WARNING", warning.Arguments, StringComparison.Ordinal);
            Assert.Contains(path, warning.Arguments, StringComparison.Ordinal);
            Assert.Contains("kept as " + kept, warning.Arguments, StringComparison.Ordinal);

            // The stored data came back: the unit still knows it is a member, and it did not join or bootstrap again.
            Assert.True(InCluster(unit));
            Assert.DoesNotContain(recovered.ClusterCalls, c => c.Arguments[0] is "join" or "bootstrap");
            AssertOneClusterOfEveryWorkload();
        }
        finally
        {
            File.Delete(kept);
        }
    }

    [Fact]
    public void AStateFileAndItsCopyBothCorruptFailHooksWithExit3AndAreKeptUntilAPersonPutsGoodStateBack()
    {
        var unit = Sim.Model.GetUnit("workload/0");
        var path = StatePath(unit);
        var copy = path + FileStateStore.LastGoodSuffix;
        var good = File.ReadAllBytes(path);
        var keptBefore = KeptCorruptFiles(unit);
        var corruptCopy = Truncated[..^3];
        File.WriteAllBytes(path, Truncated);
        File.WriteAllBytes(copy, corruptCopy);

        Sim.TriggerUpdateStatus(unit.Name);
        var failed = Sim.Step(unit.Name)!;
        var again = Sim.Step(unit.Name)!;

        Assert.Equal(HookResult.Failed, failed.Result);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains(path + " is corrupt", failed.ErrorOutput, StringComparison.Ordinal);
        Assert.Contains(copy + " is corrupt too", failed.ErrorOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failed.ErrorOutput, StringComparison.Ordinal);
        Assert.Equal(3, again.ExitCode);
        Assert.Equal(Truncated, File.ReadAllBytes(path));
        Assert.Equal(corruptCopy, File.ReadAllBytes(copy));
        Assert.Equal(keptBefore, KeptCorruptFiles(unit));

        File.WriteAllBytes(path, good);
        var fixedByHand = Sim.Step(unit.Name)!;

        Assert.Equal(HookResult.Succeeded, fixedByHand.Result);
        Assert.True(InCluster(unit));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
        AssertOneClusterOfEveryWorkload();
    }
}

/// <summary>Two workload units and a distributor as processes; the cluster forms with a process killed right after bootstrap and one right after join.</summary>
public sealed class RealProcessDeployment : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("reliability-charms-").FullName;

    public RealProcessDeployment()
    {
        Simulation = new Simulation(new SimulationOptions
        {
            Seed = 5,
            Policy = SchedulingPolicy.RoundRobin,
            UpdateStatusInterval = null,
            HookToolPath = ProcessCharms.HookTool,
            HookTimeout = TimeSpan.FromSeconds(90),
        });
        Simulation.Deploy("workload", CharmSource.FromDirectory(ProcessCharms.MakeCharm(_charms, "workload")), 2);
        Simulation.Deploy("distributor", CharmSource.FromDirectory(ProcessCharms.MakeCharm(_charms, "distributor")), 1);
        Simulation.Relate("workload", "distributor");
        File.WriteAllText(Path.Combine(Simulation.Model.GetUnit("workload/0").CharmDirectory!, "kill-after-bootstrap"), "");
        File.WriteAllText(Path.Combine(Simulation.Model.GetUnit("workload/1").CharmDirectory!, "kill-after-join"), "");
        FormationResult = Simulation.RunUntilQuiescent(maxSteps: 300);
        for (var round = 0; round < 6 && !ClusterOfBoth(); round++)
        {
            // A unit that found its fresh cluster member PENDING defers its mirror step to its next hook; as in Juju, the
            // periodic update-status brings that hook when no relation hook does (e.g. the bootstrap was the last change).
            Simulation.AdvanceTime(TimeSpan.FromMinutes(5));
            Simulation.TriggerUpdateStatus();
            FormationResult = Simulation.RunUntilQuiescent(maxSteps: 300);
        }

        Formation = [.. Simulation.Trace];
        AllWorkloadsWereMembers = ClusterOfBoth();
    }

    public Simulation Simulation { get; }

    private bool ClusterOfBoth()
        => Simulation.Microcluster.ListClusters() is [var cluster] && cluster.Members.Count == 2
            && Simulation.Model.GetApplication("workload").Units.All(u =>
                new FileStateStore(Path.Combine(u.CharmDirectory!, FileStateStore.DefaultFileName)).Load().Stored.TryGetValue("token-consumer/cluster", out var ns)
                && ns.TryGetValue("in-cluster", out var v) && v.AsBoolean());

    public SimulationRunResult FormationResult { get; }

    public IReadOnlyList<TraceEntry> Formation { get; }

    public bool AllWorkloadsWereMembers { get; }

    public void Dispose()
    {
        Simulation.Dispose();
        Directory.Delete(_charms, recursive: true);
    }
}

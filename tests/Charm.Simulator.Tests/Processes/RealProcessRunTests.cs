using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// The probe test charm run as Juju runs charms: each hook is a real process started through the unit's copy of
/// <c>dispatch</c>, with <c>charm-sim-tool</c> linked on <c>PATH</c> as the hook tools and as <c>microctl</c>.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RealProcessRunTests : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("sim-charms-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    private Simulation NewSimulation(TimeSpan? hookTimeout = null) => new(new SimulationOptions
    {
        Seed = 3,
        Policy = SchedulingPolicy.RoundRobin,
        UpdateStatusInterval = null,
        HookToolPath = ProgramPaths.FastHookToolDirectory,
        HookTimeout = hookTimeout ?? TimeSpan.FromSeconds(60),
    });

    [Fact]
    public void TwoApplicationsRelateThroughRealDispatchProcesses()
    {
        using var sim = NewSimulation();
        sim.Deploy("req", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "requirer")), units: 2);
        sim.Deploy("prov", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "provider")), units: 1);
        var relation = sim.Relate("req", "prov");

        var result = sim.RunUntilQuiescent(maxSteps: 200);

        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.All(sim.Trace, t => Assert.True(t.Result == HookResult.Succeeded, $"{t}\n{t.ErrorOutput}"));
        Assert.Equal(
            ["install", $"link-relation-created(link:{relation.Number})", "leader-elected", "config-changed", "start",
             $"link-relation-joined(link:{relation.Number}, prov/0)", $"link-relation-changed(link:{relation.Number}, prov/0)"],
            sim.Trace.Where(t => t.Unit == "req/0").Select(t => t.Hook.Describe()).Take(7));

        foreach (var unit in sim.Model.Units)
        {
            // The charm saw its own host name (its own UTS namespace, or SIM_HOSTNAME) and wrote it through relation-set.
            Assert.Equal(unit.HostName, relation.UnitData(unit.Name)["hostname"]);
            Assert.Equal(unit.Address, relation.UnitData(unit.Name)["ingress-address"]);
            Assert.StartsWith("started on " + unit.HostName, unit.WorkloadStatus.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(unit.CharmDirectory!, ".unit-state.json")), $"{unit.Name} kept no state file");
        }

        Assert.Equal("started on req-0, bootstrapped", sim.Model.GetUnit("req/0").WorkloadStatus.Message);
        Assert.Equal("req-0", Assert.Single(Assert.Single(sim.Microcluster.ListClusters()).Members).Name);
        Assert.Equal("req/0,req/1", relation.UnitData("prov/0")["units"]);
        Assert.Equal("req/0", relation.UnitData("prov/0")["remote-leader"]);
        Assert.Equal("prov/0", relation.ApplicationData("prov")["leader"]);
        Assert.Contains(sim.Trace.SelectMany(t => t.ToolCalls), c => c.Tool == "relation-set");
        if (sim.IsolatesHostNames == true)
        {
            Assert.Empty(sim.Warnings);
        }
        else
        {
            Assert.Contains("SIM_HOSTNAME", Assert.Single(sim.Warnings), StringComparison.Ordinal);
        }
    }

    [NamespaceHostNamesFact]
    public void InNamespaceModeEveryCharmProcessRunsUnderItsUnitsHostName()
    {
        using var sim = new Simulation(new SimulationOptions
        {
            Seed = 3,
            Policy = SchedulingPolicy.RoundRobin,
            UpdateStatusInterval = null,
            HookToolPath = ProgramPaths.FastHookToolDirectory,
            HookTimeout = TimeSpan.FromSeconds(60),
            HostNames = HostNameMode.Namespace,
        });
        sim.Deploy("req", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "requirer")), units: 2);
        sim.Deploy("prov", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "provider")), units: 1);
        var relation = sim.Relate("req", "prov");

        var result = sim.RunUntilQuiescent(maxSteps: 200);

        Assert.True(sim.IsolatesHostNames);
        Assert.Empty(sim.Warnings);
        Assert.Equal(StopReason.Quiescent, result.Reason);
        Assert.All(sim.Trace, t => Assert.True(t.Result == HookResult.Succeeded, $"{t}\n{t.ErrorOutput}"));
        foreach (var unit in sim.Model.Units)
        {
            // No SIM_HOSTNAME in this mode: the charm read the host name of its own UTS namespace, not this machine's.
            Assert.NotEqual(Environment.MachineName, unit.HostName);
            Assert.Equal(unit.HostName, relation.UnitData(unit.Name)["hostname"]);
            Assert.StartsWith("started on " + unit.HostName, unit.WorkloadStatus.Message, StringComparison.Ordinal);
        }

        Assert.Equal("req-0", Assert.Single(Assert.Single(sim.Microcluster.ListClusters()).Members).Name);
    }

    [Fact]
    public void AnActionRunsAsAProcessWithTheActionToolsAndKeepsItsWritesOnlyWhenItExitsZero()
    {
        using var sim = NewSimulation();
        sim.Deploy("greeter", CharmSource.FromDirectory(ProgramPaths.MakeGreeterCharm(_charms)));
        Assert.Throws<InvalidOperationException>(() => sim.RunAction("greeter/0", "greet"));
        sim.RunUntilQuiescent(maxSteps: 20);

        var ok = sim.RunAction("greeter/0", "greet", new Dictionary<string, object?> { ["who"] = "world" });
        var refused = sim.RunAction("greeter/0", "greet", new Dictionary<string, object?> { ["who"] = "nobody" });
        var crashed = sim.RunAction("greeter/0", "greet", new Dictionary<string, object?> { ["who"] = "crash" });

        Assert.True(ok.Status == ActionStatus.Completed, ok.Entry.ErrorOutput);
        Assert.Equal("hello world", ok.Results["greeting"]);
        var detail = Assert.IsType<SortedDictionary<string, object?>>(ok.Results["detail"]);
        Assert.Equal(("greet", ok.Id), (detail["action"], detail["id"]));
        Assert.Equal(["greeting world"], ok.Log);
        Assert.Equal("actions/greet", ok.Entry.Hook.Describe());
        Assert.Equal((ActionStatus.Failed, "no one to greet"), (refused.Status, refused.Message));
        Assert.Equal((ActionStatus.Failed, "exit status 4", HookResult.Failed), (crashed.Status, crashed.Message, crashed.Entry.Result));
        Assert.NotEqual(ok.Id, refused.Id);

        // The completed and the action-failed runs exited 0, so their secrets were kept; the crashed run's was not.
        var names = sim.Model.Secrets.Select(secret => secret.Content["name"]).Order(StringComparer.Ordinal);
        Assert.Equal(["nobody", "world"], names);
        Assert.Contains(sim.Model.Secrets, secret => secret.Id == (string?)detail["secret"]);
        Assert.False(sim.HasPendingHooks);
    }

    [Fact]
    public void AFailingProcessHookIsRetriedAndItsWritesDiscarded()
    {
        using var sim = NewSimulation();
        sim.Deploy("req", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "requirer")), units: 1);
        sim.Deploy("prov", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "provider")), units: 1);
        var relation = sim.Relate("req", "prov");
        var failFlag = Path.Combine(sim.Model.GetUnit("req/0").CharmDirectory!, "fail-link-relation-changed");
        File.WriteAllText(failFlag, "");

        TraceEntry? failed = null;
        while (failed is null && sim.Step() is { } entry)
        {
            failed = entry.Result == HookResult.Failed ? entry : null;
        }

        Assert.NotNull(failed);
        Assert.Equal("req/0", failed.Unit);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("fails on purpose", failed.ErrorOutput, StringComparison.Ordinal);
        Assert.False(relation.UnitData("req/0").ContainsKey("units"));

        File.Delete(failFlag);
        sim.RunUntilQuiescent(maxSteps: 100);

        var retried = sim.Trace.Where(t => t.Unit == "req/0" && t.Hook == failed.Hook).ElementAt(1);
        Assert.Equal(HookResult.Succeeded, retried.Result);
        Assert.Equal(2, retried.Attempt);
        Assert.Equal("prov/0", relation.UnitData("req/0")["units"]);
    }

    [Fact]
    public void AHookThatHangsIsKilledAtTheTimeoutAndFailed()
    {
        // Long enough for a normal hook on a loaded machine, short enough for the test: the hanging hook costs exactly this.
        using var sim = NewSimulation(TimeSpan.FromSeconds(15));
        sim.Deploy("req", CharmSource.FromDirectory(ProgramPaths.MakeProbeCharm(_charms, "requirer")), units: 1);
        var sleepFlag = Path.Combine(sim.Model.GetUnit("req/0").CharmDirectory!, "sleep-install");
        File.WriteAllText(sleepFlag, "");

        var first = sim.Step();
        File.Delete(sleepFlag);
        sim.RunUntilQuiescent(maxSteps: 20);

        Assert.NotNull(first);
        Assert.Equal(HookResult.TimedOut, first.Result);
        Assert.Equal(["install", "install", "leader-elected", "config-changed", "start"], sim.Trace.Select(t => t.Hook.HookName));
        Assert.Equal(HookResult.Succeeded, sim.Trace[^1].Result);
    }
}

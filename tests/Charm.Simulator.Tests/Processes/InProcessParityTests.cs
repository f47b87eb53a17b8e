using System.Text.Json;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;
using Charm.Simulator.Tests.Support;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// The same action run by a charm as a process (the shell greeter, through the hook-tool server) and by a charm in-process
/// (through the simulator's backend) comes out the same: status, message, results, log lines and kept secrets.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class InProcessParityTests : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("sim-charms-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    private static Simulation NewSimulation() => new(new SimulationOptions
    {
        Seed = 3,
        Policy = SchedulingPolicy.RoundRobin,
        UpdateStatusInterval = null,
        HookToolPath = ProgramPaths.FastHookToolDirectory,
        HookTimeout = TimeSpan.FromSeconds(60),
    });

    private static (List<ActionResult> Runs, string[] Secrets) Greet(CharmSource charm)
    {
        using var sim = NewSimulation();
        sim.Deploy("greeter", charm);
        sim.RunUntilQuiescent(maxSteps: 20);
        List<ActionResult> runs = [.. new[] { "world", "nobody", "crash" }.Select(who => sim.RunAction("greeter/0", "greet", new Dictionary<string, object?> { ["who"] = who }))];
        string[] secrets = [.. sim.Model.Secrets.Select(s => $"{s.Id} {s.OwnerUnit} {s.Content["name"]}").Order(StringComparer.Ordinal)];
        return (runs, secrets);
    }

    private static (ActionResult Run, IReadOnlyList<UnitPortRange> Ports, string Secret) Expose(CharmSource charm)
    {
        using var sim = NewSimulation();
        sim.Deploy("greeter", charm);
        sim.RunUntilQuiescent(maxSteps: 20);
        var run = sim.RunAction("greeter/0", "expose");
        var secret = Assert.Single(sim.Model.Secrets);
        return (run, [.. sim.Model.GetUnit("greeter/0").OpenedPorts], $"{secret.Label} {secret.Revision} {secret.Content["name"]} {secret.OwnerUnit}");
    }

    [Fact]
    public void PortsAndASecretsNewRevisionComeOutTheSameInProcessAsAsAProcess()
    {
        var process = Expose(CharmSource.FromDirectory(ProgramPaths.MakeGreeterCharm(_charms)));
        var inProcess = Expose(InProcessGreeter.Source);

        Assert.True(process.Run.Entry.Result == HookResult.Succeeded, process.Run.Entry.ErrorOutput);
        Assert.True(inProcess.Run.Entry.Result == HookResult.Succeeded, inProcess.Run.Entry.ErrorOutput);
        Assert.Equal(JsonSerializer.Serialize(process.Run.Results), JsonSerializer.Serialize(inProcess.Run.Results));
        Assert.Equal("icmp,8443/tcp", inProcess.Run.Results["ports"]);
        Assert.Equal("2", inProcess.Run.Results["revision"]);
        Assert.Equal(process.Ports, inProcess.Ports);
        Assert.Equal([new UnitPortRange(null, Charm.Framework.Model.OpenedPort.Icmp), new UnitPortRange(null, Charm.Framework.Model.OpenedPort.Tcp(8443))], inProcess.Ports);
        Assert.Equal(process.Secret, inProcess.Secret);
        Assert.Equal("exposed 2 second greeter/0", inProcess.Secret);
    }

    [Fact]
    public void AnActionGivesTheSameOutcomeInProcessAsAsAProcess()
    {
        var process = Greet(CharmSource.FromDirectory(ProgramPaths.MakeGreeterCharm(_charms)));
        var inProcess = Greet(InProcessGreeter.Source);

        for (var i = 0; i < 2; i++)
        {
            var (p, q) = (process.Runs[i], inProcess.Runs[i]);
            Assert.True(q.Entry.Result == HookResult.Succeeded, q.Entry.ErrorOutput);
            Assert.Equal((p.Id, p.Status, p.Message), (q.Id, q.Status, q.Message));
            Assert.Equal(JsonSerializer.Serialize(p.Results), JsonSerializer.Serialize(q.Results));
            Assert.Equal(p.Log, q.Log);
        }

        // The crash exits non-zero both ways (the shell's own code, the framework's for an exception); its secret is dropped.
        Assert.Equal((ActionStatus.Failed, HookResult.Failed), (process.Runs[2].Status, process.Runs[2].Entry.Result));
        Assert.Equal((ActionStatus.Failed, HookResult.Failed), (inProcess.Runs[2].Status, inProcess.Runs[2].Entry.Result));
        Assert.Equal(2, inProcess.Secrets.Length);
        Assert.Equal(process.Secrets, inProcess.Secrets);
        Assert.Equal(["greeting world"], inProcess.Runs[0].Log);
    }
}

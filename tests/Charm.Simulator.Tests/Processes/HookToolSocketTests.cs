using Charm.Framework.Processes;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Tests.HookToolServer;

namespace Charm.Simulator.Tests.Processes;

/// <summary>The real multi-call tool, linked under hook-tool names, talking to the server over the Unix socket.</summary>
[Collection(ProcessCollection.Name)]
public sealed class HookToolSocketTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sim-sock-").FullName;
    private readonly ToolHarness _harness = new();
    private readonly HookToolSocketServer _server;

    public HookToolSocketTests()
    {
        Assert.True(File.Exists(ProgramPaths.HookTool), $"charm-sim-tool was not built next to the tests: {ProgramPaths.HookTool}");
        _server = new HookToolSocketServer(Path.Combine(_directory, "s.sock"));
        _server.Register(_harness.Context);
        foreach (var name in new[] { "relation-get", "relation-set", "is-leader", "microctl" })
        {
            File.CreateSymbolicLink(Path.Combine(_directory, name), ProgramPaths.HookTool);
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        _harness.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private ProcessResult Run(string tool, string? input, params string[] arguments)
    {
        var runner = new SystemProcessRunner(new Dictionary<string, string?>
        {
            ["PATH"] = _directory + ":" + Environment.GetEnvironmentVariable("PATH"),
            [HookToolProtocol.SocketVariable] = _server.SocketPath,
            [HookToolProtocol.ContextVariable] = _harness.Context.Id,
        });
        return runner.Run(new ProcessSpec(tool, arguments, TimeSpan.FromSeconds(30), input));
    }

    [Fact]
    public void ALinkNamedAfterAToolForwardsArgvAndStandardInputAndPrintsTheAnswer()
    {
        var get = Run("relation-get", null, "--format=json", "-r", _harness.Rid, "-", "prov/0");
        var set = Run("relation-set", "{\"hostname\":\"req-1\"}", "-r", _harness.Rid, "--file", "-");
        var leader = Run("is-leader", null, "--format=json");

        Assert.True(get.Succeeded, get.StandardError);
        Assert.Contains("\"mirror\":\"up\"", get.StandardOutput, StringComparison.Ordinal);
        Assert.True(set.Succeeded, set.StandardError);
        Assert.Equal("req-1", _harness.Context.RelationGet(_harness.Hook.Relation!.Value, "req/1", isApp: false)["hostname"]);
        Assert.Equal("false\n", leader.StandardOutput);
        Assert.Equal(3, _server.RequestsServed);
    }

    [Fact]
    public void ErrorsKeepTheirExitCodeAndStandardError()
    {
        var usage = Run("relation-get", null, "--nope");
        var missing = Run("relation-get", null, "--format=json", "-r", "db:42", "-", "prov/0");
        var refused = Run("relation-set", null, "-r", _harness.Rid, "--app", "k=v");

        Assert.Equal(2, usage.ExitCode);
        Assert.Equal("ERROR option provided but not defined: --nope\n", usage.StandardError);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("relation not found", missing.StandardError, StringComparison.Ordinal);
        Assert.Equal((1, "ERROR cannot write relation settings\n"), (refused.ExitCode, refused.StandardError));
    }

    [Fact]
    public void TheWorkloadCliRunsOnTheFakeClusterUnderTheUnitsHostName()
    {
        var bootstrap = Run("microctl", null, "bootstrap");
        var list = Run("microctl", null, "list", "-f", "json");

        Assert.True(bootstrap.Succeeded, bootstrap.StandardError);
        Assert.Contains("\"name\":\"req-1\"", list.StandardOutput.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("req-1", Assert.Single(Assert.Single(_harness.Simulation.Microcluster.ListClusters()).Members).Name);
    }

    [Fact]
    public void AnUnknownContextIsRefused()
    {
        _server.Unregister(_harness.Context.Id);

        var result = Run("is-leader", null, "--format=json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no running hook has context id", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideASimulatedHookTheToolSaysSo()
    {
        var runner = new SystemProcessRunner(new Dictionary<string, string?>
        {
            [HookToolProtocol.SocketVariable] = null,
            [HookToolProtocol.ContextVariable] = null,
        });

        var result = runner.Run(new ProcessSpec(Path.Combine(_directory, "is-leader"), [], TimeSpan.FromSeconds(30)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not running inside a simulated hook", result.StandardError, StringComparison.Ordinal);
    }
}

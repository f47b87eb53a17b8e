using Charm.Framework.Processes;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Processes;

/// <summary>
/// Fact (juju/juju, the uniter's hook environment): a hook runs with JUJU_* variables (JUJU_CONTEXT_ID,
/// JUJU_AGENT_SOCKET_ADDRESS, ...) and with PATH set to the tools directory followed by the agent's PATH; the tools
/// directory holds the hook tools (juju-log among them). A workload process gets neither.
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class WorkloadEnvironmentTests : IDisposable
{
    private readonly FakeToolDirectory _tools = new();

    private readonly string _workloadBin = Directory.CreateTempSubdirectory("workload-bin-").FullName;

    public void Dispose()
    {
        _tools.Dispose();
        Directory.Delete(_workloadBin, recursive: true);
    }

    [Fact]
    public void Juju_variables_and_the_tools_directory_are_gone_and_everything_else_is_inherited()
    {
        _tools.AddTool(WorkloadEnvironment.HookToolMarker);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["JUJU_CONTEXT_ID"] = "workload/0-relation-changed-1",
            ["JUJU_AGENT_SOCKET_ADDRESS"] = "@unit-workload-0-agent.socket",
            ["JUJU_UNIT_NAME"] = "workload/0",
            ["LANG"] = "C.UTF-8",
            ["PATH"] = _tools.DirectoryPath + ":" + _workloadBin + "::/usr/bin",
        };

        var overrides = WorkloadEnvironment.Overrides(variables);

        Assert.Null(overrides["JUJU_CONTEXT_ID"]);
        Assert.Null(overrides["JUJU_AGENT_SOCKET_ADDRESS"]);
        Assert.Null(overrides["JUJU_UNIT_NAME"]);
        Assert.False(overrides.ContainsKey("LANG"));
        Assert.Equal(_workloadBin + ":/usr/bin", overrides["PATH"]);
    }

    [Fact]
    public void A_workload_process_started_through_the_runner_sees_neither()
    {
        _tools.AddTool(WorkloadEnvironment.HookToolMarker);
        var probe = Path.Combine(_workloadBin, "probe-env");
        File.WriteAllText(probe, "#!/bin/sh\nenv\ncommand -v juju-log || echo no-juju-log\n");
        File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var inherited = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["JUJU_CONTEXT_ID"] = "ctx-1",
            ["PATH"] = _tools.DirectoryPath + ":" + _workloadBin + ":" + inherited,
        };

        // The hook's environment as the runner's base, then the workload's overrides on top (a null removes).
        var environment = variables.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in WorkloadEnvironment.Overrides(variables))
        {
            environment[name] = value;
        }

        var runner = new SystemProcessRunner(environment);
        var result = runner.Run(new ProcessSpec("probe-env", [], TimeSpan.FromSeconds(30)));

        Assert.True(result.Succeeded, result.StandardError);
        var lines = result.StandardOutput.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("JUJU_CONTEXT_ID=", StringComparison.Ordinal));
        Assert.Contains("no-juju-log", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("PATH=", StringComparison.Ordinal) && l.Contains(_tools.DirectoryPath, StringComparison.Ordinal));
    }
}

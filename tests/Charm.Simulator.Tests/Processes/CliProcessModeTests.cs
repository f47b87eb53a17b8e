using Charm.Simulator.Tests.Cli;

namespace Charm.Simulator.Tests.Processes;

/// <summary>The demo with the built-in charms written as charm directories and run as real dispatch processes.</summary>
[Collection(ProcessCollection.Name)]
public sealed class CliProcessModeTests
{
    [Fact]
    public void ProcessModeRunsTheSameHooksInTheSameOrderAsInProcessMode()
    {
        // No wait for PENDING members: as a process, that wait's simulated length is its wall-clock time beyond the grace,
        // which depends on the machine (a hook's start-up and tool calls can carry it over a whole second).
        string[] common = ["--units", "2", "--seed", "6", "--quiet", "--pending-wait", "0", "--hook-tool", ProgramPaths.FastHookToolDirectory];
        var (inProcessExit, inProcessOutput, inProcess) = CliHarness.Demo([.. common, "--mode", "in-process"]);
        var (processExit, processOutput, process) = CliHarness.Demo([.. common, "--mode", "process"]);

        Assert.True(inProcessExit == 0, inProcessOutput);
        Assert.True(processExit == 0, processOutput + "\n" + string.Join("\n", process.Simulation!.Trace.Where(t => t.ErrorOutput.Length > 0).Select(t => t + "\n" + t.ErrorOutput)));
        Assert.Equal(inProcess.Simulation!.Trace.Select(t => t.ToString()), process.Simulation!.Trace.Select(t => t.ToString()));
        Assert.Equal(
            inProcess.Simulation.Microcluster.ListCalls().Select(c => c.ToString()),
            process.Simulation.Microcluster.ListCalls().Select(c => c.ToString()));
    }
}

using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Processes;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Dispatch;

/// <summary>
/// The test charm (tests/Charm.Framework.TestCharm) run as Juju runs a charm: a real process started through an
/// executable <c>dispatch</c> in its charm directory, with fake hook tools on <c>PATH</c>.
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class RealProcessDispatchTests : IDisposable
{
    private readonly FakeToolDirectory _tools = new();
    private readonly string _charmDir = Directory.CreateTempSubdirectory("charm-dir-").FullName;

    public RealProcessDispatchTests()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Charm.Framework.TestCharm.dll");
        Assert.True(File.Exists(dll), $"the test charm was not built next to the tests: {dll}");
        var dispatch = Path.Combine(_charmDir, "dispatch");
        File.WriteAllText(dispatch, $"#!/bin/sh\nexec dotnet \"{dll}\"\n");
        File.SetUnixFileMode(dispatch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(_charmDir, "metadata.yaml"), "name: test\nrequires:\n  cluster:\n    interface: worker-cluster\n");
    }

    public void Dispose()
    {
        _tools.Dispose();
        Directory.Delete(_charmDir, recursive: true);
    }

    private ProcessResult Dispatch(string hook, Dictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["JUJU_DISPATCH_PATH"] = "hooks/" + hook,
            ["JUJU_HOOK_NAME"] = hook,
            ["JUJU_UNIT_NAME"] = "test/0",
            ["JUJU_MODEL_NAME"] = "m",
            ["JUJU_VERSION"] = "3.6.4",
            ["JUJU_CHARM_DIR"] = _charmDir,
        };
        foreach (var (k, v) in extra ?? [])
        {
            env[k] = v;
        }

        return _tools.CreateRunner(env).Run(new ProcessSpec(Path.Combine(_charmDir, "dispatch"), [], TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void InstallEndsWithTheExpectedStatusSetCall()
    {
        _tools.AddTool("status-set");
        _tools.AddTool("juju-log");

        var result = Dispatch("install");

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(["--application=False", "maintenance", "--", "installed by test charm"], _tools.SingleCall("status-set"));
        Assert.True(File.Exists(Path.Combine(_charmDir, FileStateStore.DefaultFileName)));
    }

    // Issue 15 (benchmarks/hook-processes.sh): a hook tool runs in the charm's own process group (ProcessGroups = false;
    // on the portable Process path a group would cost a second exec, of setsid, per call). Juju's hook tools are one
    // program that asks the unit agent and exits, so a group of their own buys nothing; the workload's CLI keeps one
    // (SystemProcessRunnerBoundsTests, SystemProcessRunnerSpawnTests).
    [Fact]
    public void HookToolsAreStartedDirectlyInTheCharmsProcessGroup()
    {
        var record = Path.Combine(_tools.RecordDirectory, "status-set.group");
        _tools.AddTool("status-set", before: $"read -r pid comm state ppid pgrp rest < /proc/self/stat\necho \"$$ $ppid $pgrp\" > '{record}'");
        _tools.AddTool("juju-log");

        var result = Dispatch("install");

        Assert.True(result.Succeeded, result.StandardError);
        var fields = File.ReadAllText(record).Trim().Split(' ');
        Assert.Equal(3, fields.Length);
        // The charm (dispatch execs it) is the tool's parent and leads the group the test's runner gave it; the tool is
        // a member of that group, not the leader of one of its own.
        Assert.Equal(fields[1], fields[2]);
        Assert.NotEqual(fields[0], fields[2]);
    }

    private static Dictionary<string, string?> RelationChanged() => new()
    {
        ["JUJU_RELATION"] = "cluster",
        ["JUJU_RELATION_ID"] = "cluster:4",
        ["JUJU_REMOTE_APP"] = "dist",
        ["JUJU_REMOTE_UNIT"] = "dist/0",
    };

    [Fact]
    public void RelationChangedWritesTheDatabagOnceThroughRelationSetOnStdin()
    {
        _tools.AddTool("juju-log");
        _tools.AddTool("relation-set");

        var result = Dispatch("cluster-relation-changed", RelationChanged());

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(["-r", "cluster:4", "--file", "-"], _tools.SingleCall("relation-set"));
        var stdin = Assert.Single(_tools.Inputs("relation-set"));
        Assert.Contains("\"seen\":\"1\"", stdin.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"hostname\":", stdin, StringComparison.Ordinal);
        var state = new FileStateStore(Path.Combine(_charmDir, FileStateStore.DefaultFileName)).Load();
        Assert.Equal(1L, state.Stored["test-charm"]["changed"].AsInt64());
    }

    [Fact]
    public void AFailingHookExitsNonZeroAndSendsAndSavesNothing()
    {
        _tools.AddTool("juju-log");
        _tools.AddTool("relation-set");
        Assert.True(Dispatch("cluster-relation-changed", RelationChanged()).Succeeded);
        var statePath = Path.Combine(_charmDir, FileStateStore.DefaultFileName);
        var before = File.ReadAllBytes(statePath);

        var env = RelationChanged();
        env["TEST_CHARM_FAIL"] = "1";
        var failed = Dispatch("cluster-relation-changed", env);

        Assert.Equal(Dispatcher.ExitHookFailed, failed.ExitCode);
        Assert.Contains("failing on purpose", failed.StandardError, StringComparison.Ordinal);
        Assert.Single(_tools.Calls("relation-set"));
        Assert.Equal(before, File.ReadAllBytes(statePath));
    }

    [Fact]
    public void AMissingVariableIsAClearErrorNotACrash()
    {
        var result = Dispatch("install", new() { ["JUJU_UNIT_NAME"] = null });

        Assert.Equal(Dispatcher.ExitEnvironmentError, result.ExitCode);
        Assert.Contains("JUJU_UNIT_NAME is not set", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void AUnitNumberTooBigForAnIntIsAClearErrorNotACrash()
    {
        var result = Dispatch("install", new() { ["JUJU_UNIT_NAME"] = "test/99999999999999999999" });

        Assert.Equal(Dispatcher.ExitEnvironmentError, result.ExitCode);
        Assert.Contains("JUJU_UNIT_NAME is 'test/99999999999999999999'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("a number from 0 to 2147483647", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_charmDir, FileStateStore.DefaultFileName)));
    }
}

using System.Diagnostics;
using System.Globalization;
using Charm.Framework.Processes;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Processes;

/// <summary>What a runaway or hostile process can cost the charm: memory bounded, time bounded, its group killed.</summary>
[Collection(HookToolsCollection.Name)]
public sealed class SystemProcessRunnerBoundsTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    private SystemProcessRunner Runner(int? limit = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["PATH"] = _tools.SearchPath };
        return limit is { } l ? new SystemProcessRunner(environment) { MaxStreamLength = l } : new SystemProcessRunner(environment);
    }

    [Fact]
    public void Output_beyond_the_limit_is_dropped_while_it_is_read_and_the_result_says_so()
    {
        _tools.AddScript("chatty", "i=0\nwhile [ $i -lt 500 ]; do echo 0123456789; echo abcdefghij >&2; i=$((i+1)); done\nexit 0\n");

        var result = Runner(limit: 1000).Run(new ProcessSpec("chatty", [], Long));

        Assert.True(result.Succeeded);
        Assert.Equal(1000, result.StandardOutput.Length);
        Assert.Equal(1000, result.StandardError.Length);
        Assert.StartsWith("0123456789\n0123456789\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutputTruncated);
        Assert.True(result.StandardErrorTruncated);
    }

    [Fact]
    public void Output_within_the_limit_is_whole_and_not_marked_truncated()
    {
        _tools.AddScript("short", "printf 'exactly ten'\n");

        var result = Runner(limit: 11).Run(new ProcessSpec("short", [], Long));

        Assert.Equal("exactly ten", result.StandardOutput);
        Assert.False(result.StandardOutputTruncated);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SystemProcessRunner { MaxStreamLength = 0 });
    }

    [Fact]
    public void Hundreds_of_megabytes_on_stdout_keep_the_charm_s_managed_heap_bounded()
    {
        // 300 MB of output: buffered whole it would be 600 MB of UTF-16 on the heap. With the default limit (4 Mi
        // characters, 8 MiB) the heap must stay within a small multiple of that.
        _tools.AddScript("flood", "head -c 314572800 /dev/zero | tr '\\0' 'a'\n");
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.IsSet)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                Thread.Sleep(5);
            }
        });
        sampler.Start();

        var result = Runner().Run(new ProcessSpec("flood", [], TimeSpan.FromMinutes(5)));
        done.Set();
        sampler.Join();

        Assert.True(result.Succeeded, result.StandardError);
        Assert.True(result.StandardOutputTruncated);
        Assert.Equal(SystemProcessRunner.DefaultMaxStreamLength, result.StandardOutput.Length);
        var growth = peak - baseline;
        Assert.True(growth < 96L * 1024 * 1024, $"the managed heap grew by {growth / (1024 * 1024)} MiB while reading");
    }

    [Fact]
    public void A_grandchild_left_holding_stdout_after_a_normal_exit_is_killed_instead_of_waited_for()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "left.pid");
        // The subshell exits at once, so its sleep is re-parented to init, yet stays in the process's group.
        _tools.AddScript("leaver", $"( sleep 45 & echo $! > '{pidFile}' )\necho done\nexit 0\n");
        var clock = Stopwatch.StartNew();
        try
        {
            var result = Runner().Run(new ProcessSpec("leaver", [], Long));

            Assert.True(result.Succeeded);
            Assert.Equal("done\n", result.StandardOutput);
            Assert.True(clock.Elapsed < SystemProcessRunner.PipeDrainGrace * 2 + TimeSpan.FromSeconds(3), $"took {clock.Elapsed} of a {Long} timeout");
            var left = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            Assert.True(SystemProcessRunnerTests.WaitUntilDead(left, TimeSpan.FromSeconds(5)), $"the grandchild {left} is still running");
        }
        finally
        {
            SystemProcessRunnerTests.KillRecorded(pidFile);
        }
    }

    [Fact]
    public void A_timeout_kills_the_whole_group_including_descendants_re_parented_to_init()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "orphan.pid");
        _tools.AddScript("escaper", $"( sleep 45 & echo $! > '{pidFile}' )\necho started\nsleep 45\n");
        try
        {
            var result = Runner().Run(new ProcessSpec("escaper", [], TimeSpan.FromMilliseconds(700)));

            Assert.True(result.TimedOut);
            var orphan = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            Assert.True(SystemProcessRunnerTests.WaitUntilDead(orphan, TimeSpan.FromSeconds(5)), $"the re-parented {orphan} is still running");
        }
        finally
        {
            SystemProcessRunnerTests.KillRecorded(pidFile);
        }
    }

    [Fact]
    public void Each_process_leads_a_process_group_of_its_own()
    {
        // /proc/self/stat field 5 is the process group id; a group leader's equals its pid (field 1).
        _tools.AddScript("whoami-group", "read -r pid comm state ppid pgrp rest < /proc/self/stat\necho \"$$ $pgrp\"\n");

        var result = Runner().Run(new ProcessSpec("whoami-group", [], Long));

        var fields = result.StandardOutput.Trim().Split(' ');
        Assert.Equal(2, fields.Length);
        Assert.Equal(fields[0], fields[1]);
        Assert.NotEqual(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), fields[1]);
    }

    [Fact]
    public void Without_process_groups_a_process_is_started_directly_in_the_runner_s_own_group()
    {
        _tools.AddScript("whoami-group", "read -r pid comm state ppid pgrp rest < /proc/self/stat\necho \"$$ $ppid $pgrp\"\n");
        var runner = new SystemProcessRunner(new Dictionary<string, string?>(StringComparer.Ordinal) { ["PATH"] = _tools.SearchPath }) { ProcessGroups = false };

        var result = runner.Run(new ProcessSpec("whoami-group", [], Long));

        var fields = result.StandardOutput.Trim().Split(' ');
        Assert.Equal(3, fields.Length);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), fields[1]);
        Assert.Equal(OwnProcessGroup(), fields[2]);
        Assert.NotEqual(fields[0], fields[2]);
    }

    /// <summary>This process's group id: field 5 of /proc/self/stat, after the parenthesised command name.</summary>
    private static string OwnProcessGroup()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2];
    }
}

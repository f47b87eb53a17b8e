using System.Diagnostics;
using System.Globalization;
using Charm.Framework.Processes;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Processes;

[Collection(HookToolsCollection.Name)]
public sealed class SystemProcessRunnerTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    [Fact]
    public void Arguments_are_passed_verbatim_without_a_shell()
    {
        _tools.AddTool("echo-args");
        string[] arguments = ["a b", "$HOME", "*", "'quoted'", "", "--", "h\u00e9 \u2713", "; rm -rf /"];

        var result = _tools.CreateRunner().Run(new ProcessSpec("echo-args", arguments, Generous));

        Assert.True(result.Succeeded);
        Assert.Equal(arguments, _tools.SingleCall("echo-args"));
    }

    [Fact]
    public void Standard_input_is_delivered_and_output_and_error_come_back_as_utf8()
    {
        _tools.AddScript("echo-stdin", "cat\nprintf 'warn \\342\\234\\223\\n' >&2\nexit 4\n");
        var input = "{\"k\":\"h\u00e9 \u2713\"}\nsecond line";

        var result = _tools.CreateRunner().Run(new ProcessSpec("echo-stdin", [], Generous, input));

        Assert.False(result.TimedOut);
        Assert.Equal(4, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal(input, result.StandardOutput);
        Assert.Equal("warn \u2713\n", result.StandardError);
    }

    [Fact]
    public void Standard_input_is_closed_when_there_is_none()
    {
        _tools.AddScript("read-stdin", "cat\necho done\n");

        var result = _tools.CreateRunner().Run(new ProcessSpec("read-stdin", [], TimeSpan.FromSeconds(10)));

        Assert.True(result.Succeeded);
        Assert.Equal("done\n", result.StandardOutput);
    }

    [Fact]
    public void Large_stdin_stdout_and_stderr_together_do_not_deadlock()
    {
        // Fill stderr first: a runner that read stdout to the end before stderr would hang here.
        _tools.AddScript(
            "noisy",
            "head -c 1048576 /dev/zero | tr '\\0' e >&2\n"
            + "head -c 1048576 /dev/zero | tr '\\0' o\n"
            + "wc -c >&2\n");
        var input = new string('i', 1024 * 1024);
        var clock = Stopwatch.StartNew();

        var result = _tools.CreateRunner().Run(new ProcessSpec("noisy", [], Generous, input));

        Assert.True(result.Succeeded, result.StandardError[^Math.Min(200, result.StandardError.Length)..]);
        Assert.Equal(1024 * 1024, result.StandardOutput.Length);
        Assert.All(result.StandardOutput, c => Assert.Equal('o', c));
        Assert.StartsWith(new string('e', 1024 * 1024), result.StandardError, StringComparison.Ordinal);
        Assert.Equal("1048576", result.StandardError[(1024 * 1024)..].Trim());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_process_that_ignores_a_large_stdin_does_not_hang_the_runner()
    {
        _tools.AddScript("ignore-stdin", "echo ignored\n");

        var result = _tools.CreateRunner().Run(new ProcessSpec("ignore-stdin", [], Generous, new string('x', 4 * 1024 * 1024)));

        Assert.True(result.Succeeded);
        Assert.Equal("ignored\n", result.StandardOutput);
    }

    [Fact]
    public void Timeout_kills_the_process_and_the_children_it_started()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "child.pid");
        _tools.AddScript("spawner", $"echo started\nsleep 30 &\necho $! > '{pidFile}'\nwait\necho never\n");
        var clock = Stopwatch.StartNew();

        var result = _tools.CreateRunner().Run(new ProcessSpec("spawner", [], TimeSpan.FromMilliseconds(500)));

        clock.Stop();
        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal("started\n", result.StandardOutput);
        // The orphaned sleep would hold the output pipe for 30 s (and the runner would wait for the drain grace) if it survived.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.True(WaitUntilDead(child, TimeSpan.FromSeconds(5)), $"child {child} is still running");
    }

    [Fact]
    public void An_escaped_grandchild_holding_the_pipes_cannot_make_a_timed_out_run_hang()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "orphan.pid");
        // The subshell exits at once, so its sleep is adopted by init: outside the tree the kill reaches, pipes still open.
        _tools.AddScript("escaper", $"( sleep 30 & echo $! > '{pidFile}' )\necho started\nsleep 30\n");
        var clock = Stopwatch.StartNew();
        try
        {
            var result = _tools.CreateRunner().Run(new ProcessSpec("escaper", [], TimeSpan.FromMilliseconds(500)));

            Assert.True(result.TimedOut);
            Assert.Equal("started\n", result.StandardOutput);
            Assert.True(clock.Elapsed < SystemProcessRunner.PipeDrainGrace * 2 + TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }
        finally
        {
            KillRecorded(pidFile);
        }
    }

    [Fact]
    public void An_escaped_grandchild_holding_the_pipes_cannot_make_a_finished_run_hang()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "orphan.pid");
        _tools.AddScript("leaver", $"( sleep 30 & echo $! > '{pidFile}' )\necho done\nexit 3\n");
        var clock = Stopwatch.StartNew();
        try
        {
            var result = _tools.CreateRunner().Run(new ProcessSpec("leaver", [], TimeSpan.FromMilliseconds(500)));

            Assert.False(result.TimedOut);
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("done\n", result.StandardOutput);
            Assert.True(clock.Elapsed < SystemProcessRunner.PipeDrainGrace * 2 + TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }
        finally
        {
            KillRecorded(pidFile);
        }
    }

    [Fact]
    public void A_plain_process_that_outlives_its_timeout_is_killed()
    {
        _tools.AddScript("sleeper", "exec sleep 30\n");
        var clock = Stopwatch.StartNew();

        var result = _tools.CreateRunner().Run(new ProcessSpec("sleeper", [], TimeSpan.FromMilliseconds(300)));

        Assert.True(result.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Extra_environment_is_set_and_null_removes_a_variable()
    {
        _tools.AddScript("show-env", "printf '%s|%s\\n' \"$CHARM_TEST_VALUE\" \"${HOME-unset}\"\n");
        var runner = _tools.CreateRunner(new Dictionary<string, string?> { ["CHARM_TEST_VALUE"] = "h\u00e9llo", ["HOME"] = null });

        var result = runner.Run(new ProcessSpec("show-env", [], Generous));

        Assert.Equal("h\u00e9llo|unset\n", result.StandardOutput);
    }

    [Fact]
    public void The_program_is_found_on_the_path_given_to_the_constructor()
    {
        _tools.AddScript("only-here", "echo found\n");

        Assert.Equal("found\n", _tools.CreateRunner().Run(new ProcessSpec("only-here", [], Generous)).StandardOutput);
        Assert.Throws<ProcessStartException>(() => SystemProcessRunner.Instance.Run(new ProcessSpec("only-here", [], Generous)));
    }

    [Fact]
    public void A_path_with_a_slash_is_run_as_is()
    {
        var path = _tools.AddScript("by-path", "echo by path\n");

        var result = SystemProcessRunner.Instance.Run(new ProcessSpec(path, [], Generous));

        Assert.Equal("by path\n", result.StandardOutput);
    }

    [Fact]
    public void A_missing_program_is_a_ProcessStartException_that_says_what_to_do()
    {
        var e = Assert.Throws<ProcessStartException>(
            () => _tools.CreateRunner().Run(new ProcessSpec("no-such-tool-4c1d", [], Generous)));

        Assert.Equal("no-such-tool-4c1d", e.FileName);
        Assert.Contains("not found on PATH", e.Message, StringComparison.Ordinal);
        Assert.Contains(_tools.DirectoryPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_that_is_not_executable_is_a_ProcessStartException_that_says_chmod()
    {
        _tools.AddNonExecutable("not-executable");

        var e = Assert.Throws<ProcessStartException>(
            () => _tools.CreateRunner().Run(new ProcessSpec("not-executable", [], Generous)));

        Assert.Contains("chmod +x", e.Message, StringComparison.Ordinal);
        Assert.Throws<ProcessStartException>(
            () => SystemProcessRunner.Instance.Run(new ProcessSpec(Path.Combine(_tools.DirectoryPath, "not-executable"), [], Generous)));
    }

    [Fact]
    public void A_missing_path_is_a_ProcessStartException()
    {
        var e = Assert.Throws<ProcessStartException>(
            () => SystemProcessRunner.Instance.Run(new ProcessSpec(Path.Combine(_tools.DirectoryPath, "absent"), [], Generous)));

        Assert.Contains("no file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_timeout_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SystemProcessRunner.Instance.Run(new ProcessSpec("true", [], TimeSpan.Zero)));
    }

    internal static void KillRecorded(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        try
        {
            using var orphan = Process.GetProcessById(pid);
            if (orphan.ProcessName == "sleep")
            {
                orphan.Kill();
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
    }

    internal static bool WaitUntilDead(int pid, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (!IsAlive(pid))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return !IsAlive(pid);
    }

    private static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // A zombie (state Z, or X) has exited; whoever adopted it just has not reaped it yet.
        var afterName = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
        return afterName.Length > 0 && afterName[0] is not 'Z' and not 'X';
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Charm.Framework.Processes;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Processes;

/// <summary>
/// The runner's Linux path (posix_spawn, poll on the calling thread, waitpid): what the child starts with, how it is
/// grouped and ended, and that the runner's own resources come back. Facts about Linux, not about Juju.
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class SystemProcessRunnerSpawnTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    [Fact]
    public async Task A_running_child_leads_its_own_process_group_as_proc_stat_shows()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "child.pid");
        var go = Path.Combine(_tools.RecordDirectory, "go");
        _tools.AddScript("waiter", $"echo $$ > '{pidFile}.tmp' && mv '{pidFile}.tmp' '{pidFile}'\nwhile [ ! -e '{go}' ]; do sleep 0.02; done\necho released\n");
        var run = Task.Run(() => _tools.CreateRunner().Run(new ProcessSpec("waiter", [], Generous)));
        try
        {
            Assert.True(SpinWait.SpinUntil(() => File.Exists(pidFile), TimeSpan.FromSeconds(20)), "the child never wrote its pid");
            var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            var (parent, group, session) = StatOf(pid);

            Assert.Equal(Environment.ProcessId, parent);
            Assert.Equal(pid, group);
            Assert.Equal(StatOf(Environment.ProcessId).Session, session); // a new group, not a new session (no setsid)
        }
        finally
        {
            File.WriteAllText(go, "");
        }

        var result = await run;
        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("released\n", result.StandardOutput);
    }

    [Fact]
    public void No_setsid_program_is_run_even_when_one_is_first_on_every_PATH()
    {
        using var decoy = new FakeToolDirectory();
        var ran = Path.Combine(decoy.RecordDirectory, "setsid-ran");
        decoy.AddScript("setsid", $"echo \"$@\" >> '{ran}'\nexec \"$@\"\n");
        _tools.AddScript("whoami-group", "read -r pid comm state ppid pgrp rest < /proc/self/stat\necho \"$$ $pgrp\"\n");
        var inherited = Environment.GetEnvironmentVariable("PATH");
        var runner = new SystemProcessRunner(new Dictionary<string, string?>(StringComparer.Ordinal) { ["PATH"] = decoy.DirectoryPath + ":" + _tools.SearchPath });
        ProcessResult result;
        Environment.SetEnvironmentVariable("PATH", decoy.DirectoryPath + ":" + inherited);
        try
        {
            result = runner.Run(new ProcessSpec("whoami-group", [], Generous));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", inherited);
        }

        Assert.False(File.Exists(ran), "setsid was run");
        var fields = result.StandardOutput.Trim().Split(' ');
        Assert.Equal(fields[0], fields[1]);
    }

    [Fact]
    public void The_child_starts_with_no_blocked_and_no_ignored_signals()
    {
        // /proc/<pid>/status SigBlk and SigIgn are the blocked and ignored signal sets in hex; read with the shell's
        // built-in read, so no other process is involved.
        _tools.AddScript(
            "signals",
            "while read -r key value; do case $key in SigBlk:|SigIgn:) echo \"$key $value\";; esac; done < /proc/self/status\n");

        var result = _tools.CreateRunner().Run(new ProcessSpec("signals", [], Generous));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("SigBlk: 0000000000000000\nSigIgn: 0000000000000000\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_child_is_reaped_by_the_runner_while_Process_starts_and_reaps_its_own_children_alongside()
    {
        // .NET's SIGCHLD handling reaps the children Process started; those the runner spawns must still be the runner's
        // to reap, whatever order the exits come in.
        _tools.AddScript("exit-with", "exit \"$1\"\n");
        var runner = _tools.CreateRunner();
        using var stop = new CancellationTokenSource();
        var processes = Task.Run(() =>
        {
            var started = 0;
            while (!stop.IsCancellationRequested)
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 5"]) { UseShellExecute = false })!;
                process.WaitForExit();
                Assert.Equal(5, process.ExitCode);
                started++;
            }

            return started;
        });
        try
        {
            for (var i = 0; i < 60; i++)
            {
                var code = i % 50;
                Assert.Equal(code, runner.Run(new ProcessSpec("exit-with", [code.ToString(CultureInfo.InvariantCulture)], Generous)).ExitCode);
            }
        }
        finally
        {
            stop.Cancel();
        }

        Assert.True(await processes > 0);
    }

    [Fact]
    public void Exit_codes_come_back_as_is_and_a_signal_as_128_plus_its_number()
    {
        _tools.AddScript("ender", "case $1 in code) exit 42;; term) kill -TERM $$;; kill) kill -KILL $$;; esac\nsleep 5\n");
        var runner = _tools.CreateRunner();

        Assert.Equal(42, runner.Run(new ProcessSpec("ender", ["code"], Generous)).ExitCode);
        Assert.Equal(128 + 15, runner.Run(new ProcessSpec("ender", ["term"], Generous)).ExitCode);
        var killed = runner.Run(new ProcessSpec("ender", ["kill"], Generous));
        Assert.Equal(128 + 9, killed.ExitCode);
        Assert.False(killed.TimedOut);
    }

    [Fact]
    public void Stdin_echoed_back_while_stderr_floods_interleaved_does_not_deadlock()
    {
        // cat copies 3 MiB of standard input to standard output while, at the same time, 3 MiB go to standard error in
        // small pieces: every pipe fills many times over, in both directions.
        // (A background job's stdin is /dev/null before its own redirections, so cat reads a copy made first.)
        _tools.AddScript("both", "exec 3<&0\ncat <&3 &\ni=0\nwhile [ $i -lt 3072 ]; do head -c 1024 /dev/zero | tr '\\0' e >&2; i=$((i+1)); done\nwait\n");
        var input = new string('i', 3 * 1024 * 1024);

        var result = _tools.CreateRunner().Run(new ProcessSpec("both", [], TimeSpan.FromMinutes(2), input));

        Assert.True(result.Succeeded);
        Assert.Equal(input, result.StandardOutput);
        Assert.Equal(new string('e', 3 * 1024 * 1024), result.StandardError);
    }

    [Fact]
    public void Multi_byte_characters_split_across_reads_decode_whole_and_a_cut_one_at_the_end_becomes_a_replacement()
    {
        // 30,000 × "é✓" is 150,000 bytes: reads of any size cut characters somewhere.
        _tools.AddScript("utf8", "i=0\nwhile [ $i -lt 30000 ]; do printf '\\303\\251\\342\\234\\223'; i=$((i+1)); done\nprintf 'end\\342\\234' >&2\n");

        var result = _tools.CreateRunner().Run(new ProcessSpec("utf8", [], Generous));

        Assert.Equal(new StringBuilder().Insert(0, "\u00e9\u2713", 30000).ToString(), result.StandardOutput);
        Assert.Equal("end\uFFFD", result.StandardError);
    }

    [Fact]
    public void Without_process_groups_a_timeout_kills_the_process_and_its_children()
    {
        var pidFile = Path.Combine(_tools.RecordDirectory, "child.pid");
        _tools.AddScript("spawner", $"sleep 30 &\necho $! > '{pidFile}'\necho started\nwait\n");
        var runner = new SystemProcessRunner(new Dictionary<string, string?>(StringComparer.Ordinal) { ["PATH"] = _tools.SearchPath }) { ProcessGroups = false };

        var result = runner.Run(new ProcessSpec("spawner", [], TimeSpan.FromMilliseconds(800)));

        Assert.True(result.TimedOut);
        Assert.Equal("started\n", result.StandardOutput);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.True(SystemProcessRunnerTests.WaitUntilDead(child, TimeSpan.FromSeconds(5)), $"child {child} is still running");
    }

    [Fact]
    public void Hundreds_of_runs_leave_no_descriptor_and_no_zombie_behind()
    {
        _tools.AddScript("quick", "cat\necho out; echo $$ >&2\n");
        var runner = _tools.CreateRunner();
        _ = runner.Run(new ProcessSpec("quick", [], Generous, "warm"));
        var before = Directory.GetFiles("/proc/self/fd").Length;
        var children = new List<int>();

        for (var i = 0; i < 200; i++)
        {
            var result = runner.Run(new ProcessSpec("quick", [], Generous, i % 2 == 0 ? "in" : null));
            Assert.Equal(i % 2 == 0 ? "inout\n" : "out\n", result.StandardOutput);
            children.Add(int.Parse(result.StandardError.Trim(), CultureInfo.InvariantCulture));
        }

        // Other tests may open files meanwhile; 200 runs leaking even one descriptor each would be far beyond this.
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, before + 20);
        Assert.DoesNotContain(children, pid => IsZombieChild(pid));
    }

    [Fact]
    public void A_script_whose_interpreter_is_missing_is_a_ProcessStartException_that_names_the_interpreter_rule()
    {
        var path = _tools.AddScript("orphan-script", "exit 0\n");
        File.WriteAllText(path, "#!/nonexistent/interpreter-7f3a\nexit 0\n");

        var e = Assert.Throws<ProcessStartException>(() => _tools.CreateRunner().Run(new ProcessSpec("orphan-script", [], Generous)));

        Assert.Equal("orphan-script", e.FileName);
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
        Assert.Contains("'#!' interpreter", e.Message, StringComparison.Ordinal);
    }

    private static (int Parent, int Group, int Session) StatOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="pid"/> is an unreaped child of this process (state Z, parent this process).</summary>
    private static bool IsZombieChild(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false; // gone: reaped
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] == "Z" && fields[1] == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }
}

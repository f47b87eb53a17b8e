using System.Text;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;
using Charm.Testing;
using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Tests.Cli;

public sealed class ClusterCliTests
{
    private const string Secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly string Token = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        "{\"secret\":\"" + Secret + "\",\"fingerprint\":\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\",\"join_addresses\":[\"10.0.0.1:7443\"]}"));

    private const string OneMember = """[{"name":"m0","address":"10.0.0.1:7443","role":"voter","status":"ONLINE"}]""";

    private readonly FakeProcessRunner _runner = new();
    private readonly List<(LogLevel Level, string Line)> _log = [];

    private ClusterCli Cli(string command = "microctl", TimeSpan? timeout = null) =>
        new(ClusterCommand.Parse(command), _runner, timeout, (level, line) => _log.Add((level, line)));

    // ---------- argv, timeout, stdin ----------

    [Fact]
    public void Bootstrap_runs_prefix_bootstrap_and_extra_arguments()
    {
        Cli().Bootstrap(["--address", "10.0.0.1:7443"]);
        Cli().Bootstrap([]);
        Cli().Bootstrap();

        Assert.Equal(3, _runner.Calls.Count);
        Assert.Equal("microctl", _runner.Calls[0].FileName);
        Assert.Equal(["bootstrap", "--address", "10.0.0.1:7443"], _runner.Calls[0].Arguments);
        Assert.Equal(["bootstrap"], _runner.Calls[1].Arguments);
        Assert.Equal(["bootstrap"], _runner.Calls[2].Arguments);
    }

    [Fact]
    public void Every_subcommand_has_the_exact_argv_with_a_two_word_prefix()
    {
        _runner.Returns(0).Returns(0, Token + "\n").Returns(0).Returns(0, OneMember).Returns(0);
        var cli = Cli("microovn cluster");

        cli.Bootstrap(["--flag"]);
        Assert.Equal(Token, cli.Add("machine-1"));
        cli.Join(Token, ["--config", "a=b"]);
        cli.List();
        cli.Remove("machine-1");

        Assert.All(_runner.Calls, spec => Assert.Equal("microovn", spec.FileName));
        Assert.Equal(["cluster", "bootstrap", "--flag"], _runner.Calls[0].Arguments);
        Assert.Equal(["cluster", "add", "machine-1"], _runner.Calls[1].Arguments);
        Assert.Equal(["cluster", "join", Token, "--config", "a=b"], _runner.Calls[2].Arguments);
        Assert.Equal(["cluster", "list", "-f", "json"], _runner.Calls[3].Arguments);
        Assert.Equal(["cluster", "remove", "machine-1"], _runner.Calls[4].Arguments);
    }

    [Fact]
    public void Single_word_prefix_argv()
    {
        _runner.Returns(0, "tok-abcdefgh").Returns(0).Returns(0, "[]").Returns(0);
        var cli = Cli();
        cli.Add("node.example.com");
        cli.Join(Token);
        cli.List();
        cli.Remove("node.example.com");

        Assert.All(_runner.Calls, spec => Assert.Equal("microctl", spec.FileName));
        Assert.Equal(["add", "node.example.com"], _runner.Calls[0].Arguments);
        Assert.Equal(["join", Token], _runner.Calls[1].Arguments);
        Assert.Equal(["list", "-f", "json"], _runner.Calls[2].Arguments);
        Assert.Equal(["remove", "node.example.com"], _runner.Calls[3].Arguments);
    }

    [Fact]
    public void Default_timeout_is_60_seconds_and_stdin_is_null()
    {
        var cli = Cli();
        Assert.Equal(TimeSpan.FromSeconds(60), cli.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), ClusterCli.DefaultTimeout);

        cli.Bootstrap();
        cli.Join(Token);
        cli.Remove("m1");

        Assert.All(_runner.Calls, spec =>
        {
            Assert.Equal(TimeSpan.FromSeconds(60), spec.Timeout);
            Assert.Null(spec.StandardInput);
        });
    }

    [Fact]
    public void Configured_timeout_is_passed_to_every_call()
    {
        _runner.Returns(0).Returns(0, "some-token-text").Returns(0).Returns(0, "[]").Returns(0);
        var timeout = TimeSpan.FromSeconds(7.5);
        var cli = Cli(timeout: timeout);
        cli.Bootstrap();
        cli.Add("m1");
        cli.Join(Token);
        cli.List();
        cli.Remove("m1");

        Assert.Equal(5, _runner.Calls.Count);
        Assert.All(_runner.Calls, spec => Assert.Equal(timeout, spec.Timeout));
        Assert.Equal(timeout, cli.Timeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_timeouts_are_rejected(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Cli(timeout: TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Infinite_and_absurd_timeouts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cli(timeout: Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cli(timeout: TimeSpan.FromDays(2)));
        Assert.Throws<ArgumentNullException>(() => new ClusterCli(null!, _runner));
        Assert.Throws<ArgumentNullException>(() => new ClusterCli(ClusterCommand.Parse("microctl"), null!));
    }

    // ---------- success paths ----------

    [Fact]
    public void Add_returns_the_trimmed_token()
    {
        _runner.Returns(0, "\n  " + Token + " \r\n", "some warning on stderr");
        Assert.Equal(Token, Cli().Add("machine-1"));
    }

    [Fact]
    public void List_parses_the_members()
    {
        // The member list of a real (fake) daemon: m0 bootstrapped, and a heartbeat made it a voter (microcluster).
        var cluster = new FakeClusterRunner();
        var cli = new ClusterCli(ClusterCommand.Parse("microctl"), cluster.On("m0"));
        cli.Bootstrap();
        cluster.Clock.Advance(new FakeMicroclusterOptions().HeartbeatInterval);

        var membership = cli.List();

        Assert.Equal("m0", membership.Communicator);
        Assert.Single(membership.Members);
    }

    [Fact]
    public void Successful_calls_log_only_at_debug_and_never_the_token()
    {
        _runner.Returns(0).Returns(0, Token + "\n").Returns(0);
        var cli = Cli();
        cli.Bootstrap();
        var token = cli.Add("machine-1");
        cli.Join(token);

        Assert.Equal(3, _log.Count);
        Assert.All(_log, entry => Assert.Equal(LogLevel.Debug, entry.Level));
        Assert.Contains("microctl add machine-1", _log[1].Line, StringComparison.Ordinal);
        Assert.Contains("microctl join <token>", _log[2].Line, StringComparison.Ordinal);
        AssertNoSecret(_log.Select(l => l.Line));
    }

    [Fact]
    public void Works_without_a_log_callback()
    {
        var cli = new ClusterCli(ClusterCommand.Parse("microctl"), _runner.Returns(1, "", "Error: boom"));
        var e = Assert.Throws<ClusterCliException>(() => cli.Bootstrap());
        Assert.Equal(ClusterCliErrorKind.Failed, e.Kind);
    }

    [Fact]
    public void With_LogFailures_off_failures_are_left_to_the_caller_and_successes_still_log_at_debug()
    {
        _runner.Returns(0).Returns(1, "", "Error: boom\n").Returns(0, "", "", timedOut: true);
        var cli = new ClusterCli(ClusterCommand.Parse("microctl"), _runner, null, (level, line) => _log.Add((level, line))) { LogFailures = false };

        cli.Bootstrap();
        var failed = Assert.Throws<ClusterCliException>(() => cli.Remove("m1"));
        var timedOut = Assert.Throws<ClusterCliException>(() => cli.List());

        Assert.True(Cli().LogFailures);
        Assert.Contains("Error: boom", failed.Message, StringComparison.Ordinal);
        Assert.Equal(ClusterCliErrorKind.TimedOut, timedOut.Kind);
        var (level, line) = Assert.Single(_log);
        Assert.Equal(LogLevel.Debug, level);
        Assert.Contains("microctl bootstrap", line, StringComparison.Ordinal);
    }

    // ---------- failures ----------

    [Fact]
    public void Non_zero_exit_throws_with_stderr_exit_code_and_command()
    {
        _runner.Returns(1, "", "Error: Unable to initialize cluster: Database is online\n");
        var e = Assert.Throws<ClusterCliException>(() => Cli("microovn cluster").Bootstrap(["--x"]));

        Assert.Equal(ClusterCliErrorKind.Failed, e.Kind);
        Assert.Equal(ClusterOperation.Bootstrap, e.Operation);
        Assert.Equal(1, e.ExitCode);
        Assert.Equal("microovn cluster bootstrap --x", e.Command);
        Assert.Equal("Error: Unable to initialize cluster: Database is online\n", e.StandardError);
        Assert.Equal(ClusterFailure.AlreadyInitialised, e.Failure);
        Assert.True(e.IsAlreadyInitialised);
        Assert.Contains("Database is online", e.Message, StringComparison.Ordinal);
        Assert.Contains("microovn cluster bootstrap --x", e.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 1", e.Message, StringComparison.Ordinal);

        var (level, line) = Assert.Single(_log);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("microovn cluster bootstrap --x", line, StringComparison.Ordinal);
        Assert.Contains("exit code 1", line, StringComparison.Ordinal);
        Assert.Contains("Database is online", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_of_the_last_member_is_classified()
    {
        // microcluster refuses to remove the only member: "Cannot leave a cluster with 1 members".
        var cluster = new FakeClusterRunner();
        var cli = new ClusterCli(ClusterCommand.Parse("microctl"), cluster.On("m0"));
        cli.Bootstrap();

        var e = Assert.Throws<ClusterCliException>(() => cli.Remove("m0"));

        Assert.Equal(["m0"], cluster.MemberNames);
        Assert.True(e.IsLastMember);
        Assert.Equal(ClusterFailure.LastMember, e.Failure);
        Assert.Equal("microctl remove m0", e.Command);
    }

    [Fact]
    public void List_on_a_node_outside_the_cluster_is_not_initialised()
    {
        // A host that neither bootstrapped nor joined: the fake daemon answers "Daemon not yet initialized" (its wording;
        // docs/microcluster-cli.md, "Where the fake cluster differs").
        var cluster = new FakeClusterRunner();
        var e = Assert.Throws<ClusterCliException>(() => new ClusterCli(ClusterCommand.Parse("microctl"), cluster.On("m9")).List());
        Assert.True(e.IsNotInitialised);
        Assert.Equal(ClusterCliErrorKind.Failed, e.Kind);
    }

    [Fact]
    public void Non_zero_exit_without_stderr_still_throws()
    {
        _runner.Returns(2, "", "");
        var e = Assert.Throws<ClusterCliException>(() => Cli().Remove("m0"));
        Assert.Equal(2, e.ExitCode);
        Assert.Equal("", e.StandardError);
        Assert.Equal(ClusterFailure.Other, e.Failure);
        Assert.Contains("no error output", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timed_out_result_throws_timed_out()
    {
        _runner.Returns(-1, "partial", "still working...", timedOut: true);
        var e = Assert.Throws<ClusterCliException>(() => Cli(timeout: TimeSpan.FromSeconds(5)).List());

        Assert.Equal(ClusterCliErrorKind.TimedOut, e.Kind);
        Assert.Null(e.ExitCode);
        Assert.Equal("still working...", e.StandardError);
        Assert.Equal(ClusterFailure.Other, e.Failure);
        Assert.Contains("00:00:05", e.Message, StringComparison.Ordinal);
        var (level, line) = Assert.Single(_log);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("microctl list -f json", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Timed_out_result_with_exit_code_zero_is_still_a_timeout()
    {
        _runner.Returns(0, "", "", timedOut: true);
        var e = Assert.Throws<ClusterCliException>(() => Cli().Bootstrap());
        Assert.Equal(ClusterCliErrorKind.TimedOut, e.Kind);
    }

    [Fact]
    public void Program_that_cannot_start_throws_not_started()
    {
        var cause = new ProcessStartException("microctl", "Cannot run 'microctl': it was not found on PATH (/usr/bin).");
        _runner.Throws(cause);
        var e = Assert.Throws<ClusterCliException>(() => Cli().Add("m1"));

        Assert.Equal(ClusterCliErrorKind.NotStarted, e.Kind);
        Assert.Null(e.ExitCode);
        Assert.Equal("", e.StandardError);
        Assert.Same(cause, e.InnerException);
        Assert.Contains("not found on PATH", e.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, Assert.Single(_log).Level);
    }

    [Fact]
    public void Add_without_output_is_malformed()
    {
        _runner.Returns(0, " \n", "");
        var e = Assert.Throws<ClusterCliException>(() => Cli().Add("m1"));
        Assert.Equal(ClusterCliErrorKind.MalformedOutput, e.Kind);
        Assert.Equal(0, e.ExitCode);
        Assert.Contains("no join token", e.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, Assert.Single(_log).Level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[{\"role\":\"voter\"}]")]
    public void List_with_malformed_output_throws_malformed(string output)
    {
        _runner.Returns(0, output, "");
        var e = Assert.Throws<ClusterCliException>(() => Cli().List());
        Assert.Equal(ClusterCliErrorKind.MalformedOutput, e.Kind);
        Assert.IsType<ClusterOutputException>(e.InnerException);
        var inner = (ClusterOutputException)e.InnerException!;
        Assert.Contains("printed unexpected output: " + inner.Problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.ExitCode);
        Assert.Equal(LogLevel.Error, Assert.Single(_log).Level);
    }

    // ---------- argument validation ----------

    [Theory]
    [InlineData("")]
    [InlineData("-rf")]
    [InlineData("--help")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("a\u0000")]
    public void Bad_member_names_are_rejected_before_anything_runs(string name)
    {
        var cli = Cli();
        Assert.ThrowsAny<ArgumentException>(() => cli.Add(name));
        Assert.ThrowsAny<ArgumentException>(() => cli.Remove(name));
        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public void Bad_tokens_are_rejected_without_quoting_them()
    {
        var cli = Cli();
        Assert.ThrowsAny<ArgumentException>(() => cli.Join(""));
        Assert.ThrowsAny<ArgumentException>(() => cli.Join("   "));
        Assert.ThrowsAny<ArgumentException>(() => cli.Join(null!));
        var e = Assert.ThrowsAny<ArgumentException>(() => cli.Join("-secret-looking-token-value"));
        Assert.DoesNotContain("secret-looking-token-value", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => cli.Join(Token, [null!]));
        Assert.Empty(_runner.Calls);
    }

    // ---------- secrets ----------

    [Fact]
    public void Token_never_appears_when_join_fails()
    {
        _runner.Returns(1, "", "Error: 1 join attempts were unsuccessful. Last error: Join token has expired\n");
        var e = Assert.Throws<ClusterCliException>(() => Cli("microovn cluster").Join(Token, ["--verbose"]));

        Assert.Equal("microovn cluster join <token> --verbose", e.Command);
        Assert.True(e.IsTokenRejected);
        AssertNoSecret(AllText(e));
    }

    [Fact]
    public void Token_echoed_on_stderr_is_redacted_everywhere()
    {
        _runner.Returns(1, Token, $"Error: Invalid join token \"{Token}\" (secret {Secret})\nrequest: {{\"join_token\":\"{Token}\"}}\n");
        var e = Assert.Throws<ClusterCliException>(() => Cli().Join(Token));

        Assert.Equal(ClusterFailure.TokenRejected, e.Failure);
        Assert.Contains("<redacted>", e.StandardError, StringComparison.Ordinal);
        Assert.Contains("Invalid join token", e.StandardError, StringComparison.Ordinal);
        AssertNoSecret(AllText(e));
    }

    [Fact]
    public void Token_with_surrounding_white_space_is_redacted_in_both_forms()
    {
        var padded = "  " + Token + "\n";
        _runner.Returns(1, "", "Error: bad token " + Token);
        var e = Assert.Throws<ClusterCliException>(() => Cli().Join(padded));
        Assert.Equal(padded, _runner.Calls[0].Arguments[1]);
        AssertNoSecret(AllText(e));
    }

    [Fact]
    public void Token_echoed_on_timeout_or_not_started_is_redacted()
    {
        _runner.Returns(-1, "", "joining with " + Token, timedOut: true)
            .Throws(new ProcessStartException("microctl", "could not start microctl join " + Token));

        var timedOut = Assert.Throws<ClusterCliException>(() => Cli().Join(Token));
        var notStarted = Assert.Throws<ClusterCliException>(() => Cli().Join(Token));

        Assert.Equal(ClusterCliErrorKind.TimedOut, timedOut.Kind);
        Assert.Equal(ClusterCliErrorKind.NotStarted, notStarted.Kind);
        Assert.Null(notStarted.InnerException);
        Assert.Contains("could not start microctl join <redacted>", notStarted.Message, StringComparison.Ordinal);
        AssertNoSecret(AllText(timedOut));
        AssertNoSecret(AllText(notStarted));
    }

    [Fact]
    public void Token_inside_extra_arguments_is_redacted_in_the_command()
    {
        _runner.Returns(1, "", "Error: boom");
        var e = Assert.Throws<ClusterCliException>(() => Cli().Join(Token, ["--note=" + Token]));
        Assert.Equal("microctl join <token> --note=<redacted>", e.Command);
        AssertNoSecret(AllText(e));
    }

    [Fact]
    public void Non_base64_token_is_still_redacted()
    {
        const string odd = "not/base64!token-value";
        _runner.Returns(1, "", "Error: Invalid join token: " + odd);
        var e = Assert.Throws<ClusterCliException>(() => Cli().Join(odd));
        var all = AllText(e);
        Assert.All(all, text => Assert.DoesNotContain(odd, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Output_of_a_failed_add_is_treated_as_a_secret()
    {
        _runner.Returns(1, Token + "\n", "Error: could not store token " + Token + "\n");
        var e = Assert.Throws<ClusterCliException>(() => Cli().Add("m1"));
        Assert.Contains("<redacted>", e.StandardError, StringComparison.Ordinal);
        AssertNoSecret(AllText(e));
    }

    [Fact]
    public void Token_printed_by_add_is_never_logged()
    {
        _runner.Returns(0, Token + "\n", "notice: issued " + Token);
        var token = Cli().Add("m1");
        Assert.Equal(Token, token);
        AssertNoSecret(_log.Select(l => l.Line));
    }

    [Fact]
    public void ClusterCli_ToString_describes_the_command()
    {
        var text = Cli("microovn cluster", TimeSpan.FromSeconds(30)).ToString();
        Assert.Contains("microovn cluster", text, StringComparison.Ordinal);
        Assert.Contains("00:00:30", text, StringComparison.Ordinal);
    }

    private List<string> AllText(ClusterCliException e)
    {
        var texts = new List<string> { e.Message, e.ToString(), e.Command, e.StandardError };
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            texts.Add(inner.Message);
            texts.Add(inner.ToString());
        }

        texts.AddRange(_log.Select(l => l.Line));
        Assert.NotEmpty(_log);
        return texts;
    }

    private static void AssertNoSecret(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token.Trim('='), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }
}

using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Framework.TestCharm;
using Charm.Testing;

namespace Charm.Framework.Tests.Dispatch;

/// <summary>
/// Hook-tool calls the framework leaves out because their effect is already known or discarded: juju-log lines below
/// the dispatcher's log level, and a status-set of the status the hook already knows. Every call under Juju is a process.
/// </summary>
public sealed class HookToolEconomyTests
{
    [Fact]
    public void The_dispatcher_sends_info_and_above_to_juju_log_by_default()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, LogEveryLevel);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(
            [["--log-level", "INFO", "--", "i"], ["--log-level", "WARNING", "--", "w"], ["--log-level", "ERROR", "--", "e"]],
            tools.CallsOf("juju-log"));
    }

    [Theory]
    [InlineData("debug")]
    [InlineData("DEBUG")]
    public void The_log_level_variable_asks_for_debug_lines(string value)
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, LogEveryLevel, environment: new() { [Dispatcher.LogLevelVariable] = value });

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(["DEBUG", "INFO", "WARNING", "ERROR"], tools.CallsOf("juju-log").Select(c => c[1]));
    }

    [Fact]
    public void The_options_win_over_the_variable()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(
            tools,
            LogEveryLevel,
            environment: new() { [Dispatcher.LogLevelVariable] = "debug" },
            level: LogLevel.Warning);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(["WARNING", "ERROR"], tools.CallsOf("juju-log").Select(c => c[1]));
    }

    [Fact]
    public void A_log_level_variable_that_is_no_level_is_reported_and_info_is_used()
    {
        var tools = new AnsweringRunner();
        var error = new StringWriter();

        var outcome = Dispatch(tools, LogEveryLevel, environment: new() { [Dispatcher.LogLevelVariable] = "loud" }, error: error);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Contains("CHARM_LOG_LEVEL='loud' is not a log level", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["INFO", "WARNING", "ERROR"], tools.CallsOf("juju-log").Select(c => c[1]));
    }

    [Fact]
    public void A_backend_given_in_the_options_receives_every_line()
    {
        var state = new Testing.State();
        var backend = new InMemoryBackend("app/0", state);

        var outcome = Dispatcher.RunHook(DelegateCharm.With(LogEveryLevel), new DispatchOptions
        {
            Environment = Hook.Install.ToEnvironment("app/0", Path.GetTempPath()),
            Backend = backend,
            StateStore = new InMemoryStateStore(),
            Metadata = CharmMetadata.Empty,
            ProcessRunner = new AnsweringRunner(),
            HostName = "host",
            Error = new StringWriter(),
        });

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(4, backend.Logs.Count);
    }

    [Fact]
    public void The_backend_drops_lines_below_its_minimum_level_without_running_the_tool()
    {
        var tools = new AnsweringRunner();
        var backend = new HookToolBackend(tools) { MinimumLogLevel = LogLevel.Warning };

        backend.Log(LogLevel.Debug, "d");
        backend.Log(LogLevel.Info, "i");
        backend.Log(LogLevel.Warning, "w");

        Assert.Equal([["--log-level", "WARNING", "--", "w"]], tools.CallsOf("juju-log"));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.Log((LogLevel)42, "x"));
    }

    [Fact]
    public void Setting_the_unit_status_twice_runs_status_set_once()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Unit.Status = Status.Maintenance("installing");
            c.Unit.Status = Status.Maintenance("installing");
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([["--application=False", "maintenance", "--", "installing"]], tools.CallsOf("status-set"));
    }

    [Fact]
    public void Setting_the_unit_status_just_read_runs_no_status_set_and_a_different_one_does()
    {
        var tools = new AnsweringRunner { UnitStatus = "{\"status\":\"waiting\",\"message\":\"for the cluster\",\"status-data\":{}}" };

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            Assert.Equal(Status.Waiting("for the cluster"), c.Unit.Status);
            c.Unit.Status = Status.Waiting("for the cluster");
            c.Unit.Status = Status.Waiting("for the distributor");
            c.Unit.Status = Status.Waiting("for the cluster");
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Single(tools.CallsOf("status-get"));
        Assert.Equal(
            [["--application=False", "waiting", "--", "for the distributor"], ["--application=False", "waiting", "--", "for the cluster"]],
            tools.CallsOf("status-set"));
    }

    [Fact]
    public void Setting_the_application_status_twice_runs_status_set_once()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.App.Status = Status.Active("ready");
            c.App.Status = Status.Active("ready");
            c.App.Status = Status.Active("");
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([["--application=True", "active", "--", "ready"], ["--application=True", "active", "--", ""]], tools.CallsOf("status-set"));
    }

    // ops' collect-status (ops/charm.py _evaluate_status, ops/model.py StatusBase._priorities): the statuses added in a
    // hook are evaluated after the handlers ran; the highest of error > blocked > maintenance > waiting > active >
    // unknown wins, the first of equals (max() keeps the first maximum).
    [Fact]
    public void Contributions_are_set_once_at_the_end_of_the_hook_highest_priority_first_of_equals()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Unit.AddStatus(Status.Active("fine"));
            c.Unit.AddStatus(Status.Blocked("first"));
            c.Unit.AddStatus(Status.Maintenance("busy"));
            c.Unit.AddStatus(Status.Blocked("second"));
            c.Unit.AddStatus(Status.Waiting("later"));
            Assert.Empty(tools.CallsOf("status-set"));
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([["--application=False", "blocked", "--", "first"]], tools.CallsOf("status-set"));
        Assert.Empty(tools.CallsOf("status-get"));
    }

    [Fact]
    public void A_component_contribution_replaces_its_own_earlier_one_and_competes_with_the_others()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Unit.AddStatus(Status.Maintenance("Joining cluster"), "library");
            c.Unit.AddStatus(Status.Active("charm ready"));
            c.Unit.AddStatus(Status.Active("Joined cluster"), "library");
            Assert.Equal([Status.Active("Joined cluster"), Status.Active("charm ready")], c.Unit.ContributedStatuses);
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([["--application=False", "active", "--", "Joined cluster"]], tools.CallsOf("status-set"));
    }

    [Fact]
    public void A_contribution_wins_over_a_status_set_directly_in_the_same_hook()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Unit.Status = Status.Maintenance("installing");
            c.Unit.AddStatus(Status.Active("installed"));
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(
            [["--application=False", "maintenance", "--", "installing"], ["--application=False", "active", "--", "installed"]],
            tools.CallsOf("status-set"));
    }

    [Fact]
    public void A_status_set_directly_drops_the_contributions_made_before_it()
    {
        // A library contributes (the token consumer's "Joined cluster"), then the author's handler of the library's event
        // sets the status itself: the author's status stands, and the dropped contribution costs no status-set.
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Unit.AddStatus(Status.Active("Joined cluster"), "library");
            c.Unit.Status = Status.Active("serving");
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([["--application=False", "active", "--", "serving"]], tools.CallsOf("status-set"));
    }

    [Fact]
    public void The_status_this_unit_set_last_is_remembered_so_the_next_hook_runs_neither_status_get_nor_status_set()
    {
        var store = new InMemoryStateStore();
        var first = new AnsweringRunner();
        var second = new AnsweringRunner();
        var third = new AnsweringRunner();
        Action<DelegateCharm> contribute(Status status) => c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ => c.Unit.AddStatus(status));

        Assert.True(Dispatch(first, contribute(Status.Waiting("for a token")), store: store).Succeeded);
        Assert.True(Dispatch(second, contribute(Status.Waiting("for a token")), store: store).Succeeded);
        Assert.True(Dispatch(third, contribute(Status.Active("joined")), store: store).Succeeded);

        Assert.Single(first.CallsOf("status-set"));
        Assert.Empty(second.CallsOf("status-set"));
        Assert.Equal([["--application=False", "active", "--", "joined"]], third.CallsOf("status-set"));
        Assert.Empty(first.CallsOf("status-get").Concat(second.CallsOf("status-get")).Concat(third.CallsOf("status-get")));
    }

    [Fact]
    public void A_failing_hook_sets_no_collected_status_and_forgets_a_status_it_set_directly()
    {
        var store = new InMemoryStateStore();
        Assert.True(Dispatch(new AnsweringRunner(), c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ => c.Unit.AddStatus(Status.Active("ready"))), store: store).Succeeded);
        var failing = new AnsweringRunner();
        var after = new AnsweringRunner();

        // ops sets the collected status only when the handlers returned (the exception propagates past _evaluate_status).
        var outcome = Dispatch(failing, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Unit.AddStatus(Status.Blocked("never shown"));
            c.Unit.Status = Status.Maintenance("upgrading");
            throw new InvalidOperationException("boom");
        }), store: store);
        Assert.True(Dispatch(after, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ => c.Unit.AddStatus(Status.Active("ready"))), store: store).Succeeded);

        Assert.False(outcome.Succeeded);
        Assert.Equal([["--application=False", "maintenance", "--", "upgrading"]], failing.CallsOf("status-set"));
        // Juju shows "upgrading" now, not the remembered "ready": the next hook sets "ready" again.
        Assert.Equal([["--application=False", "active", "--", "ready"]], after.CallsOf("status-set"));
    }

    [Fact]
    public void Application_contributions_are_set_on_the_leader()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.App.AddStatus(Status.Waiting("for peers"));
            c.App.AddStatus(Status.Blocked("needs config"));
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([["--application=True", "blocked", "--", "needs config"]], tools.CallsOf("status-set"));
        Assert.Single(tools.CallsOf("is-leader"));
    }

    [Fact]
    public void Error_and_unknown_cannot_be_contributed_and_the_framework_state_namespace_is_reserved()
    {
        var tools = new AnsweringRunner();
        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            Assert.Throws<ArgumentException>(() => c.Unit.AddStatus(new Status(StatusKind.Error, "x")));
            Assert.Throws<ArgumentException>(() => c.Unit.AddStatus(Status.Unknown));
            Assert.Throws<ArgumentException>(() => c.Unit.AddStatus(Status.Active(), ""));
            Assert.Throws<ArgumentException>(() => c.Framework.GetStoredState("charm-framework/status"));
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Empty(tools.CallsOf("status-set"));
    }

    // juju/juju worker/uniter/runner/jujuc/juju-log.go: the message arguments are joined into one message and logged
    // as one record, so one call can carry several lines.
    [Fact]
    public void A_hooks_info_lines_go_in_one_juju_log_call_a_line_each_and_warnings_at_once_in_order()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Log.Info("one");
            c.Log.Info("two");
            Assert.Empty(tools.CallsOf("juju-log"));
            c.Log.Warning("careful");
            c.Log.Info("three");
            c.Log.Info("four");
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(
            [["--log-level", "INFO", "--", "one\ntwo"], ["--log-level", "WARNING", "--", "careful"], ["--log-level", "INFO", "--", "three\nfour"]],
            tools.CallsOf("juju-log"));
    }

    [Fact]
    public void Held_lines_are_sent_before_the_error_of_a_hook_that_throws()
    {
        var tools = new AnsweringRunner();

        var outcome = Dispatch(tools, c => c.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            c.Log.Info("started");
            c.Log.Info("halfway");
            throw new InvalidOperationException("boom");
        }));

        Assert.False(outcome.Succeeded);
        var calls = tools.CallsOf("juju-log");
        Assert.Equal(2, calls.Count);
        Assert.Equal(["--log-level", "INFO", "--", "started\nhalfway"], calls[0]);
        Assert.Equal("ERROR", calls[1][1]);
        Assert.Contains("boom", calls[1][3], StringComparison.Ordinal);
    }

    private static void LogEveryLevel(DelegateCharm charm)
        => charm.Framework.Observe<InstallEvent>(EventKey.Install, "t/install", _ =>
        {
            charm.Log.Debug("d");
            charm.Log.Info("i");
            charm.Log.Warning("w");
            charm.Log.Error("e");
        });

    private static HookOutcome Dispatch(
        AnsweringRunner tools,
        Action<DelegateCharm> setup,
        Dictionary<string, string>? environment = null,
        LogLevel? level = null,
        TextWriter? error = null,
        InMemoryStateStore? store = null)
    {
        var variables = Hook.Install.ToEnvironment("app/0", Path.GetTempPath());
        foreach (var (name, value) in environment ?? [])
        {
            variables[name] = value;
        }

        return Dispatcher.RunHook(DelegateCharm.With(setup), new DispatchOptions
        {
            Environment = variables,
            StateStore = store ?? new InMemoryStateStore(),
            Metadata = CharmMetadata.Empty,
            ProcessRunner = tools,
            HostName = "host",
            MinimumLogLevel = level,
            Error = error ?? new StringWriter(),
        });
    }

    /// <summary>Answers hook tools in memory the way the agent would for a leader unit, and records every call.</summary>
    private sealed class AnsweringRunner : IProcessRunner
    {
        private readonly List<(string Tool, string[] Arguments)> _calls = [];

        public string UnitStatus { get; init; } = "{\"status\":\"unknown\",\"message\":\"\",\"status-data\":{}}";

        public IReadOnlyList<string[]> CallsOf(string tool) => [.. _calls.Where(c => c.Tool == tool).Select(c => c.Arguments)];

        public ProcessResult Run(ProcessSpec spec)
        {
            _calls.Add((spec.FileName, [.. spec.Arguments]));
            return spec.FileName switch
            {
                "is-leader" => new ProcessResult(0, "true\n", ""),
                "status-get" => new ProcessResult(0, UnitStatus + "\n", ""),
                "juju-log" or "status-set" => new ProcessResult(0, "", ""),
                _ => new ProcessResult(1, "", $"ERROR {spec.FileName} is not answered by this test\n"),
            };
        }
    }
}

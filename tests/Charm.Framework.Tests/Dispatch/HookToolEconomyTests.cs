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
        TextWriter? error = null)
    {
        var variables = Hook.Install.ToEnvironment("app/0", Path.GetTempPath());
        foreach (var (name, value) in environment ?? [])
        {
            variables[name] = value;
        }

        return Dispatcher.RunHook(DelegateCharm.With(setup), new DispatchOptions
        {
            Environment = variables,
            StateStore = new InMemoryStateStore(),
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

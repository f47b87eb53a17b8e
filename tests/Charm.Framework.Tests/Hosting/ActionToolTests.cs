using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// Actions end to end with the action tools as real processes on PATH: dispatch of <c>actions/&lt;name&gt;</c>, and the
/// command lines of ops 3.x (<c>ops/hookcmds/_action.py</c>: <c>action-get --format=json</c>, <c>action-set k=v …</c> with
/// nested results flattened to dotted keys, <c>action-fail [-- msg]</c>, <c>action-log -- msg</c>), checked against
/// jujuc action-set's key rule (each dotted part matches Juju's action-name rule <c>^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$</c>,
/// and <c>stdout</c>, <c>stdout-encoding</c>, <c>stderr</c>, <c>stderr-encoding</c> are reserved).
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class ActionToolTests : IDisposable
{
    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    private HookOutcome RunAction(string name, Action<DelegateCharm> setup, StringWriter? error = null)
        => Dispatcher.RunHook(DelegateCharm.With(setup), new DispatchOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["JUJU_DISPATCH_PATH"] = "actions/" + name,
                ["JUJU_ACTION_NAME"] = name,
                ["JUJU_ACTION_UUID"] = "a1b2",
                ["JUJU_UNIT_NAME"] = "ceph/0",
            },
            Backend = _tools.CreateBackend(),
            StateStore = new InMemoryStateStore(),
            Metadata = CharmMetadata.Empty,
            Error = error ?? new StringWriter(),
            HostName = "h",
        });

    [Fact]
    public void An_action_reads_its_parameters_and_sends_results_progress_and_no_failure()
    {
        _tools.AddTool("action-get", """{"device":"/dev/sdb","count":3,"encrypt":true,"opts":{"zap":false}}""" + "\n");
        _tools.AddTool("action-set");
        _tools.AddTool("action-log");
        _tools.AddTool("action-fail");
        ActionEvent? seen = null;

        var outcome = RunAction("add-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent e) =>
        {
            seen = e;
            Assert.Equal("/dev/sdb", e.Parameters.GetString("device"));
            Assert.Equal(3, e.Parameters.GetInt64("count"));
            Assert.True(e.Parameters.GetBoolean("encrypt"));
            Assert.False(e.Parameters.GetBoolean("opts.zap", defaultValue: true));
            Assert.Equal("fallback", e.Parameters.GetString("missing", "fallback"));
            e.Log("-zapping /dev/sdb");
            e.SetResults(new Dictionary<string, object?> { ["osd"] = new Dictionary<string, object?> { ["id"] = 7L, ["up"] = true }, ["device"] = "/dev/sdb" });
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("add-osd", seen!.ActionName);
        Assert.Equal("a1b2", seen.Id);
        Assert.Equal(["--format=json"], _tools.SingleCall("action-get"));
        Assert.Equal(["device=/dev/sdb", "osd.id=7", "osd.up=true"], _tools.SingleCall("action-set"));
        Assert.Equal(["--", "-zapping /dev/sdb"], _tools.SingleCall("action-log"));
        Assert.Empty(_tools.Calls("action-fail"));
    }

    [Fact]
    public void Fail_with_a_message_passes_it_after_a_double_dash_and_without_one_passes_nothing()
    {
        _tools.AddTool("action-fail");

        var outcome = RunAction("add-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent e) =>
        {
            e.Fail("-no such device");
            e.Fail();
        }));

        Assert.True(outcome.Succeeded);
        Assert.Equal([["--", "-no such device"], []], _tools.Calls("action-fail"));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("trailing-")]
    [InlineData("-leading")]
    [InlineData("under_score")]
    [InlineData("stdout")]
    [InlineData("out.stderr-encoding")]
    [InlineData("a..b")]
    public void A_result_key_jujus_action_set_would_refuse_is_refused_before_any_call(string key)
    {
        _tools.AddTool("action-set");
        Exception? thrown = null;

        _ = RunAction("add-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent e) =>
            thrown = Record.Exception(() => e.SetResult(key, "v"))));

        var error = Assert.IsType<ArgumentException>(thrown);
        Assert.Contains("action-set would refuse", error.Message, StringComparison.Ordinal);
        Assert.Empty(_tools.Calls("action-set"));
    }

    [Fact]
    public void A_key_given_both_dotted_and_nested_is_refused()
    {
        _tools.AddTool("action-set");
        Exception? thrown = null;

        _ = RunAction("add-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent e) =>
            thrown = Record.Exception(() => e.SetResults(new Dictionary<string, object?> { ["a.b"] = "1", ["a"] = new Dictionary<string, object?> { ["b"] = "2" } }))));

        Assert.Contains("given twice", Assert.IsType<ArgumentException>(thrown).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_of_another_type_is_a_ModelException_naming_the_action_and_parameter()
    {
        _tools.AddTool("action-get", """{"count":"three"}""");
        Exception? thrown = null;

        _ = RunAction("add-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent e) =>
            thrown = Record.Exception(() => e.Parameters.GetInt64("count"))));

        var error = Assert.IsType<ModelException>(thrown);
        Assert.Contains("'add-osd' parameter 'count'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"x\"")]
    public void Action_get_output_that_is_not_an_object_is_an_error(string output)
    {
        _tools.AddTool("action-get", output);

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().ActionGet());

        Assert.Equal("action-get", e.Tool);
    }

    [Fact]
    public void An_action_tool_run_outside_an_action_fails_with_jujus_text()
    {
        // Juju's hook context answers the action calls of a hook with "not running an action".
        _tools.AddTool("action-log", exitCode: 1, stderr: "ERROR not running an action\n");

        var e = Assert.Throws<HookToolException>(() => _tools.CreateBackend().ActionLog("x"));

        Assert.Contains("not running an action", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deferring_an_action_throws_and_fails_the_hook()
    {
        var outcome = RunAction("add-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent e) => e.Defer()));

        Assert.False(outcome.Succeeded);
        Assert.Contains("cannot be deferred", Assert.IsType<InvalidOperationException>(outcome.Error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_no_handler_observes_fails_through_action_fail_with_a_message_naming_it()
    {
        _tools.AddTool("action-fail");
        _tools.AddTool("juju-log");
        var error = new StringWriter();

        var outcome = RunAction("remove-osd", c => c.Framework.Observe(EventKey.Action("add-osd"), "a", (ActionEvent _) => { }), error);

        Assert.Equal(Dispatcher.ExitHookFailed, outcome.ExitCode);
        var call = _tools.SingleCall("action-fail");
        Assert.Equal("--", call[0]);
        Assert.Contains("no handler for the action 'remove-osd'", call[1], StringComparison.Ordinal);
        Assert.Contains("remove-osd", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Observing_an_action_by_its_dispatch_path_never_breaks_another_hook()
    {
        // The regression of issue 15: observing actions/add-osd threw in the constructor, so every hook failed.
        _tools.AddTool("juju-log");
        var outcome = Dispatcher.RunHook(
            DelegateCharm.With(c =>
            {
                c.Framework.Observe(EventKey.FromHookName("actions/add-osd"), "a", (ActionEvent _) => { });
                c.Framework.Observe(EventKey.FromHookName("secret-rotate"), "s", (HookEvent _) => { });
            }),
            new DispatchOptions
            {
                Environment = new Dictionary<string, string> { ["JUJU_DISPATCH_PATH"] = "hooks/install", ["JUJU_UNIT_NAME"] = "ceph/0" },
                Backend = _tools.CreateBackend(),
                StateStore = new InMemoryStateStore(),
                Metadata = CharmMetadata.Empty,
                Error = new StringWriter(),
                HostName = "h",
            });

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(["install"], outcome.Events.Select(e => e.Event.Name));
    }
}

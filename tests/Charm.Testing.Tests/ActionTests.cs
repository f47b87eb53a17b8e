using Charm.Framework.Events;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary><see cref="Context.RunAction"/>: parameters in; results, failure and progress lines out, as <c>juju run</c> shows them.</summary>
public sealed class ActionTests
{
    private static Context Charm(Action<ActionEvent> handler)
        => new(DelegateCharm.With(c => c.Framework.Observe(EventKey.Action("snapshot"), "s", handler)));

    [Fact]
    public void RunAction_returns_the_results_by_dotted_key_and_the_progress_lines()
    {
        var ctx = Charm(e =>
        {
            e.Log("starting");
            e.SetResults(new Dictionary<string, object?>
            {
                ["name"] = e.Parameters.GetRequiredString("name"),
                ["size"] = new Dictionary<string, object?> { ["bytes"] = e.Parameters.GetInt64("limits.max") * 2 },
            });
            e.Log("done");
        });

        var result = ctx.RunAction("snapshot", new State(), new Dictionary<string, object?>
        {
            ["name"] = "nightly",
            ["limits"] = new Dictionary<string, object?> { ["max"] = 21 },
        }).EnsureSuccess();

        var action = result.Action!;
        Assert.True(action.Succeeded);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "nightly", ["size.bytes"] = "42" }, action.Results);
        Assert.Equal(["starting", "done"], action.Logs);
        Assert.Equal(["actions/snapshot"], result.EmittedEvents);
    }

    [Fact]
    public void A_failed_action_reports_its_message_or_jujus_default_while_the_hook_succeeds()
    {
        var failed = Charm(e => e.Fail("disk full")).RunAction("snapshot", new State()).EnsureSuccess();
        Assert.Equal("disk full", failed.Action!.Failure);
        Assert.False(failed.Action.Succeeded);

        var silent = Charm(e => e.Fail()).RunAction("snapshot", new State()).EnsureSuccess();
        Assert.Equal("action failed without reason given, check action for errors", silent.Action!.Failure);
    }

    [Fact]
    public void A_missing_required_parameter_fails_the_action_with_what_to_run()
    {
        var result = Charm(e => e.Parameters.GetRequiredString("name")).RunAction("snapshot", new State());

        Assert.False(result.Succeeded);
        Assert.Contains("juju run <unit> snapshot name=<value>", result.Action!.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_the_charm_does_not_handle_fails_with_a_message_naming_it()
    {
        var result = Charm(_ => { }).RunAction("restore", new State());

        Assert.False(result.Succeeded);
        Assert.Contains("no handler for the action 'restore'", result.Action!.Failure, StringComparison.Ordinal);
        Assert.Empty(result.EmittedEvents);
    }

    [Fact]
    public void Observing_an_action_leaves_every_other_hook_working()
    {
        var result = Charm(_ => { }).Run(Hook.Install, new State());

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Null(result.Action);
    }

    [Fact]
    public void The_action_tools_outside_an_action_fail_as_jujus_do()
    {
        var backend = new InMemoryBackend("app/0", new State());

        var error = Assert.Throws<Charm.Framework.HookToolException>(() => backend.ActionLog("x"));

        Assert.Contains("not running an action", error.Message, StringComparison.Ordinal);
        Assert.Null(backend.ActionOutcome);
    }

    [Theory]
    [InlineData("Snapshot")]
    [InlineData("snap.shot")]
    [InlineData("-snap")]
    public void An_action_name_juju_would_refuse_is_refused(string name)
        => Assert.Throws<ArgumentException>(() => Hook.ForAction(name));
}

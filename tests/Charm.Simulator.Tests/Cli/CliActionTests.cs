namespace Charm.Simulator.Tests.Cli;

/// <summary>charm-sim's <c>--action</c>: an action run on a unit once the model converged, as <c>juju run</c> runs it.</summary>
public sealed class CliActionTests
{
    [Theory]
    [InlineData("microctl/0", "--action takes 'UNIT NAME [KEY=VALUE…]'")]
    [InlineData("microctl/0 list-members count", "the parameter 'count' is not KEY=VALUE")]
    public void A_malformed_action_is_a_usage_error(string action, string message)
    {
        var (exit, output) = CliHarness.Run("demo", "--action", action);

        Assert.Equal(2, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_the_charm_does_not_handle_fails_the_run_with_exit_4_after_convergence()
    {
        // The built-in demo consumer observes no action: the framework fails an unhandled action.
        var (exit, output, _) = CliHarness.Demo("--units", "1", "--quiet", "--action", "microctl/0 list-members verbose=true");

        Assert.Equal(4, exit);
        Assert.Contains("Action microctl/0 list-members verbose=True: failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_on_a_unit_the_model_does_not_have_is_reported_and_fails_the_run()
    {
        var (exit, output, _) = CliHarness.Demo("--units", "1", "--quiet", "--action", "nosuch/9 list-members");

        Assert.Equal(4, exit);
        Assert.Contains("action nosuch/9 list-members", output, StringComparison.Ordinal);
    }
}

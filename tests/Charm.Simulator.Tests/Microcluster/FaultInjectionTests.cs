using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class FaultInjectionTests
{
    [Fact]
    public void A_failure_injected_once_fires_once_and_the_command_does_not_run()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.InjectFailure("host-0", "add", 2, "Error: boom\n");

        CliResult failed = world.Run("host-0", "add", "host-1");

        Assert.Equal(new CliResult(2, string.Empty, "Error: boom\n"), failed);
        Assert.Empty(world.Cluster.ListOutstandingTokens());
        world.AddAndJoin("host-0", "host-1");
    }

    [Fact]
    public void A_failure_until_cleared_fires_every_time()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.InjectFailure("host-0", "list", 1, "Error: database is locked\n", FaultLifetime.UntilCleared);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("Error: database is locked\n", world.Fails("host-0", "list", "-f", "json"));
        }

        Assert.Equal(1, world.Cluster.ClearFaults("host-0", "list"));
        world.Ok("host-0", "list", "-f", "json");
    }

    [Fact]
    public void A_fault_matches_only_its_host_and_command()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.InjectFailure("host-1", "list", 1, "Error: x\n", FaultLifetime.UntilCleared);

        world.Ok("host-0", "list", "-f", "json");
        world.Ok("host-1", "add", "host-2");

        world.Fails("host-1", "list", "-f", "json");
    }

    [Fact]
    public void Wildcards_match_every_host_and_every_command()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.InjectFailure(FakeMicrocluster.Any, "list", 1, "Error: x\n", FaultLifetime.UntilCleared);
        world.Cluster.InjectFailure("host-1", FakeMicrocluster.Any, 1, "Error: y\n", FaultLifetime.UntilCleared);

        Assert.Equal("Error: x\n", world.Fails("host-0", "list"));
        Assert.Equal("Error: x\n", world.Fails("host-1", "list"));
        Assert.Equal("Error: y\n", world.Fails("host-1", "add", "host-2"));
        world.Ok("host-0", "add", "host-2");

        Assert.Equal(2, world.Cluster.ClearFaults());
        world.Ok("host-1", "list");
    }

    [Fact]
    public void A_hang_returns_a_timed_out_result_and_changes_nothing()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");
        world.Cluster.InjectHang("host-1", "join");

        CliResult hung = world.Run("host-1", "join", token);

        Assert.True(hung.TimedOut);
        Assert.False(hung.Succeeded);
        Assert.Equal(CliResult.HungExitCode, hung.ExitCode);
        Assert.Null(world.Cluster.ClusterIdOf("host-1"));
        Assert.Single(world.Cluster.ListOutstandingTokens());
        world.Ok("host-1", "join", token);
    }

    [Fact]
    public void A_hang_after_the_work_leaves_the_work_done()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.InjectHang("host-0", "add", applyCommand: true);

        Assert.True(world.Run("host-0", "add", "host-1").TimedOut);

        Assert.Equal("host-1", Assert.Single(world.Cluster.ListOutstandingTokens()).Name);
        Assert.Contains("is taken", world.Fails("host-0", "add", "host-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hang_until_cleared_hangs_every_call()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.InjectHang("host-0", "list", FaultLifetime.UntilCleared);

        Assert.True(world.Run("host-0", "list", "-f", "json").TimedOut);
        Assert.True(world.Run("host-0", "list", "-f", "json").TimedOut);

        world.Cluster.ClearFaults("host-0");
        world.Ok("host-0", "list", "-f", "json");
    }

    [Fact]
    public void An_injected_result_replaces_the_output()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.InjectResult("host-0", "list", new CliResult(0, "[{not json", string.Empty));

        Assert.Equal(new CliResult(0, "[{not json", string.Empty), world.Run("host-0", "list", "-f", "json"));
        world.List("host-0").Dispose();
    }

    [Fact]
    public void Once_faults_fire_in_the_order_they_were_injected()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Cluster.InjectFailure("host-0", "add", 1, "Error: first\n");
        world.Cluster.InjectFailure("host-0", "add", 1, "Error: second\n");

        Assert.Equal("Error: first\n", world.Fails("host-0", "add", "host-1"));
        Assert.Equal("Error: second\n", world.Fails("host-0", "add", "host-1"));
        world.Ok("host-0", "add", "host-1");
    }

    [Fact]
    public void The_call_log_records_every_call_with_tokens_redacted()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");
        string token = world.Token("host-0", "host-1");
        world.Cluster.InjectHang("host-1", "join");
        world.Run("host-1", "join", token, "--address=10.0.0.2:7443");
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        world.Ok("host-1", "join", token);
        world.Fails("host-2", "join", token);

        IReadOnlyList<MicroclusterCall> calls = world.Cluster.ListCalls();

        Assert.Equal([1L, 2, 3, 4, 5], calls.Select(c => c.Sequence));
        Assert.Equal(["host-0", "host-0", "host-1", "host-1", "host-2"], calls.Select(c => c.HostName));
        Assert.Equal(["add", "host-1"], calls[1].Arguments);
        Assert.Equal(["join", "<token>", "--address=10.0.0.2:7443"], calls[2].Arguments);
        Assert.True(calls[2].TimedOut);
        Assert.True(calls[2].FaultInjected);
        Assert.Equal(["join", "<token>"], calls[3].Arguments);
        Assert.Equal(0, calls[3].ExitCode);
        Assert.Equal(ClusterWorld.Start.AddSeconds(1), calls[3].Time);
        Assert.Equal(1, calls[4].ExitCode);
        Assert.False(calls[4].FaultInjected);
        Assert.All(calls, c => Assert.DoesNotContain(token, c.ToString(), StringComparison.Ordinal));
        Assert.Equal("host-1: join <token> --address=10.0.0.2:7443 → hung (injected)", calls[2].ToString());
        Assert.Equal("host-2: join <token> → 1", calls[4].ToString());
    }

    [Fact]
    public void A_token_passed_anywhere_in_the_arguments_is_redacted()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");

        world.Run("host-0", "add", token);

        Assert.Equal(["add", "<token>"], world.Cluster.ListCalls()[^1].Arguments);
    }
}

using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class CommandLineTests
{
    [Fact]
    public void An_unknown_command_is_named_with_a_pointer_to_help()
    {
        var world = new ClusterWorld(new FakeMicroclusterOptions { CommandName = "microovn cluster" });

        CliResult result = world.Run("host-0", "frobnicate");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Error: unknown command \"frobnicate\" for \"microovn cluster\"\nRun 'microovn cluster --help' for usage.\n",
            result.StandardError);
    }

    [Theory]
    [InlineData("unknown flag: --nope", "list", "--nope")]
    [InlineData("unknown shorthand flag: 'x' in -x", "add", "-x", "host-1")]
    [InlineData("flag needs an argument: 'f' in -f", "list", "-f")]
    [InlineData("flag needs an argument: --format", "list", "--format")]
    [InlineData("accepts 1 arg(s), received 0", "add")]
    [InlineData("accepts 1 arg(s), received 2", "add", "host-1", "host-2")]
    [InlineData("accepts 0 arg(s), received 1", "list", "json")]
    [InlineData("accepts 1 arg(s), received 0", "remove")]
    [InlineData("accepts 1 arg(s), received 0", "join")]
    [InlineData("accepts 1 arg(s), received 0", "join", "--address=10.0.0.1:7443")]
    public void Usage_errors_fail_with_the_message_and_the_usage(string message, params string[] args)
    {
        var world = new ClusterWorld();
        world.Form(1);

        string error = world.Fails("host-0", args);

        Assert.StartsWith("Error: " + message + "\nUsage:\n  microctl " + args[0] + " ", error, StringComparison.Ordinal);
        Assert.Contains("-h, --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_change_nothing()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Cluster.Heartbeat();

        world.Fails("host-0", "remove", "host-1", "--bogus");

        Assert.Equal("cluster-1", world.Cluster.ClusterIdOf("host-1"));
    }

    [Fact]
    public void Help_prints_usage_and_succeeds()
    {
        var world = new ClusterWorld();

        string root = world.Ok("host-0");
        string list = world.Ok("host-0", "list", "--help");
        string bootstrap = world.Ok("host-0", "bootstrap", "-h");

        Assert.Contains("Available Commands:", root, StringComparison.Ordinal);
        Assert.Contains("-f, --format string", list, StringComparison.Ordinal);
        Assert.Contains("microctl bootstrap [flags]", bootstrap, StringComparison.Ordinal);
        Assert.Empty(world.Cluster.ListClusters());
    }

    [Fact]
    public void A_host_name_that_is_not_a_valid_fqdn_cannot_bootstrap()
    {
        var world = new ClusterWorld();

        Assert.Contains("is not a valid FQDN", world.Fails("bad_host", "bootstrap"), StringComparison.Ordinal);
        Assert.Empty(world.Cluster.ListClusters());
    }

    [Fact]
    public void Options_are_validated()
    {
        var clock = new ManualClock(ClusterWorld.Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeMicrocluster(clock, new FakeMicroclusterOptions { Voters = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeMicrocluster(clock, new FakeMicroclusterOptions { HeartbeatInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeMicrocluster(clock, new FakeMicroclusterOptions { TokenLifetime = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeMicrocluster(clock, new FakeMicroclusterOptions { StandBys = -1 }));
    }
}

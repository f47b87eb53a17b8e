using System.Text.Json;
using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;

namespace Charm.Testing.Tests;

/// <summary>
/// FakeClusterRunner: the cluster CLI of every unit of a test runs on one shared fake microcluster, with microcluster's
/// command words and texts (docs/microcluster-cli.md), so the output of <c>list -f json</c> follows what the units did.
/// </summary>
public sealed class FakeClusterRunnerTests
{
    private static ProcessResult Run(IProcessRunner runner, params string[] args)
        => runner.Run(new ProcessSpec("microctl", args, TimeSpan.FromSeconds(60)));

    private static string[] ListedNames(ProcessResult list)
    {
        Assert.True(list.Succeeded, list.StandardError);
        using var document = JsonDocument.Parse(list.StandardOutput);
        return [.. document.RootElement.EnumerateArray().Select(m => m.GetProperty("name").GetString()!)];
    }

    [Fact]
    public void BootstrapAddAndJoinOnThreeHostsAreOneClusterThatListShowsOnEveryMember()
    {
        var cluster = new FakeClusterRunner();
        IProcessRunner host0 = cluster.On("host-0"), host1 = cluster.On("host-1"), host2 = cluster.On("host-2");

        Assert.True(Run(host0, "bootstrap").Succeeded);
        var token1 = Run(host0, "add", "host-1");
        var token2 = Run(host0, "add", "host-2");
        Assert.True(Run(host1, "join", token1.StandardOutput.Trim()).Succeeded);
        Assert.True(Run(host2, "join", token2.StandardOutput.Trim()).Succeeded);

        // microcluster: `add` prints the token and a newline; list -f json is one JSON array of the members, by name.
        Assert.EndsWith("\n", token1.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["host-0", "host-1", "host-2"], ListedNames(Run(host2, "list", "-f", "json")));
        Assert.Equal(["host-0", "host-1", "host-2"], ListedNames(Run(host0, "list", "--format=json")));
        Assert.Equal(["host-0", "host-1", "host-2"], cluster.MemberNames);
    }

    [Fact]
    public void AJoinWithATokenOfAnotherClusterFailsWithMicroclustersJoinSentence()
    {
        var ours = new FakeClusterRunner();
        var theirs = new FakeClusterRunner(options: new FakeMicroclusterOptions { Seed = 7, CommandName = "microctl" });
        Assert.True(Run(ours.On("host-0"), "bootstrap").Succeeded);
        Assert.True(Run(theirs.On("other-0"), "bootstrap").Succeeded);
        var foreign = Run(theirs.On("other-0"), "add", "host-1").StandardOutput.Trim();

        var join = Run(ours.On("host-1"), "join", foreign);

        // canonical/microcluster's join: when no join address accepts, "<n> join attempts were unsuccessful. Last error: <cause>"
        // (the fake's cause for a certificate that is not the token's is its own wording; docs/microcluster-cli.md).
        Assert.Equal(1, join.ExitCode);
        Assert.StartsWith("Error: 1 join attempts were unsuccessful. Last error: ", join.StandardError, StringComparison.Ordinal);
        Assert.Equal(["host-0"], ours.MemberNames);
    }

    [Fact]
    public void RemoveTakesAMemberOutAndTheLastMemberCannotLeave()
    {
        var cluster = new FakeClusterRunner();
        var host0 = cluster.On("host-0");
        Run(host0, "bootstrap");
        Run(cluster.On("host-1"), "join", Run(host0, "add", "host-1").StandardOutput.Trim());
        var pending = Run(host0, "remove", "host-1");
        // microcluster: members are PENDING until the leader's heartbeat gives them a role, and a remove that would leave
        // no non-pending member is refused; the runner's clock stands still until the test moves it.
        cluster.Clock.Advance(new FakeMicroclusterOptions().HeartbeatInterval);

        Assert.Contains("no remaining non-pending members", pending.StandardError, StringComparison.Ordinal);
        Assert.True(Run(host0, "remove", "host-1").Succeeded);
        var last = Run(host0, "remove", "host-0");

        Assert.Equal(["host-0"], ListedNames(Run(host0, "list", "-f", "json")));
        // microcluster refuses to remove the last member ("Cannot leave a cluster with 1 members").
        Assert.Equal(1, last.ExitCode);
        Assert.Contains("Cannot leave a cluster with 1 members", last.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void FailNextFailsOneCallWithTheGivenTextAndTheNextCallRuns()
    {
        var cluster = new FakeClusterRunner();
        var host0 = cluster.On("host-0");
        Run(host0, "bootstrap");
        var token = Run(host0, "add", "host-1").StandardOutput.Trim();
        cluster.FailNext("host-1", "join", "Error: 1 join attempts were unsuccessful. Last error: Token expired\n");

        var failed = Run(cluster.On("host-1"), "join", token);
        var retried = Run(cluster.On("host-1"), "join", token);

        Assert.Equal(new ProcessResult(1, "", "Error: 1 join attempts were unsuccessful. Last error: Token expired\n"), failed);
        Assert.True(retried.Succeeded, retried.StandardError);
        Assert.Equal(["host-0", "host-1"], cluster.MemberNames);
    }

    [Fact]
    public void AMultiWordPrefixRunsOnlyUnderItsWordsAndTheHostNameIsTheUnitsHost()
    {
        var cluster = new FakeClusterRunner("microovn cluster");
        var host = cluster.On("ovn-0");

        var bootstrap = host.Run(new ProcessSpec("microovn", ["cluster", "bootstrap"], TimeSpan.FromSeconds(60)));
        var wrong = host.Run(new ProcessSpec("microovn", ["status"], TimeSpan.FromSeconds(60)));
        var name = host.Run(new ProcessSpec("uname", ["-n"], TimeSpan.FromSeconds(5)));

        Assert.True(bootstrap.Succeeded, bootstrap.StandardError);
        Assert.False(wrong.Succeeded);
        Assert.Equal("ovn-0\n", name.StandardOutput);
        Assert.Equal(["ovn-0"], cluster.MemberNames);
        var other = Assert.Throws<ProcessStartException>(() => host.Run(new ProcessSpec("ovs-vsctl", ["show"], TimeSpan.FromSeconds(5))));
        Assert.Contains("RecordingProcessRunner", other.Message, StringComparison.Ordinal);
    }
}

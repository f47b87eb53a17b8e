using Charm.Framework.Model;
using Charm.Simulator.Cli.BuiltIn;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Protocol;

namespace Charm.Simulator.Tests.Cli;

/// <summary>charm-sim's command line: usage errors, the demo with the built-in charms, steps, scenario files, Mermaid.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData(new[] { "demo", "--bogus" }, "unknown option --bogus")]
    [InlineData(new[] { "demo", "--units" }, "--units needs a value")]
    [InlineData(new[] { "demo", "--units", "zero" }, "--units must be a positive whole number")]
    [InlineData(new[] { "demo", "--mode", "fast" }, "--mode is process or in-process")]
    [InlineData(new[] { "demo", "--consumer", "/tmp", "--mode", "in-process" }, "charm directories always run as processes")]
    [InlineData(new[] { "demo", "--then", "explode" }, "'explode' is not a scenario step")]
    [InlineData(new[] { "demo", "--then", "add-unit" }, "add-unit takes 1 to 2 argument(s)")]
    [InlineData(new[] { "demo", "--max-time", "soon" }, "'soon' is not a duration")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "run" }, "run takes one scenario file")]
    public void WrongCommandLinesExitWith2AndSayWhy(string[] args, string message)
    {
        var (exit, output) = CliHarness.Run(args);

        Assert.Equal(2, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Contains("charm-sim help", output, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpPrintsTheUsage()
    {
        var (exit, output) = CliHarness.Run("help");

        Assert.Equal(0, exit);
        Assert.Contains("charm-sim demo [options]", output, StringComparison.Ordinal);
        Assert.Contains("--mermaid FILE", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuiltInDemoConvergesWithFiveUnitsAndReportsTheCluster()
    {
        var (exit, output, runner) = CliHarness.Demo("--units", "5", "--distributor-units", "3", "--seed", "1", "--quiet");

        Assert.True(exit == 0, output);
        var sim = runner.Simulation!;
        Assert.True(ClusterFormation.Converged(sim, "microctl"));
        var cluster = Assert.Single(sim.Microcluster.ListClusters());
        Assert.Equal(["microctl-0", "microctl-1", "microctl-2", "microctl-3", "microctl-4"], cluster.Members.Select(m => m.Name));
        Assert.Contains("Cluster members", output, StringComparison.Ordinal);
        Assert.Contains("microctl/4", output, StringComparison.Ordinal);
        Assert.Contains("Converged: every microctl unit is a cluster member", output, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.Trace, t => t.Result != HookResult.Succeeded);
    }

    [Fact]
    public void StepsAddRemoveMoveLeadershipAndExpireTokensThenConvergeAgain()
    {
        var (exit, output, runner) = CliHarness.Demo(
            "--units", "3", "--distributor-units", "2", "--seed", "4", "--quiet",
            "--then", "add-unit microctl 2",
            "--then", "converge",
            "--then", "remove-unit microctl/0",
            "--then", "move-leader token-distributor/1",
            "--then", "expire-tokens");

        Assert.True(exit == 0, output);
        var sim = runner.Simulation!;
        Assert.Null(sim.Model.FindUnit("microctl/0"));
        Assert.True(sim.Model.GetUnit("token-distributor/1").IsLeader);
        var members = Assert.Single(sim.Microcluster.ListClusters()).Members.Select(m => m.Name).ToList();
        Assert.Equal(["microctl-1", "microctl-2", "microctl-3", "microctl-4"], members);
        Assert.Contains("→ add-unit microctl 2: added microctl/3, microctl/4.", output, StringComparison.Ordinal);
        Assert.Contains("→ remove-unit microctl/0: removing microctl/0.", output, StringComparison.Ordinal);
        Assert.Contains("→ expire-tokens: expired", output, StringComparison.Ordinal);
        Assert.Contains(sim.Trace, t => t.Unit == "token-distributor/1" && t.Hook.HookName == "leader-elected");
    }

    [Fact]
    public void AnExpiredTokenIsReplacedAndTheUnitStillJoins()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5 });
        sim.Deploy("microctl", BuiltInCharms.Consumer("microctl"), 2);
        sim.Deploy("token-distributor", BuiltInCharms.Distributor());
        sim.Relate("microctl", "token-distributor");
        Assert.True(sim.RunUntil(s => ClusterFormation.Converged(s, "microctl")).Converged);

        sim.AddUnit("microctl");
        var issued = sim.RunUntil(s => s.Microcluster.ListOutstandingTokens().Any(t => t.Name == "microctl-2"));
        Assert.True(issued.Converged, "no token was issued for the new unit");
        var expiry = ScenarioOperation.Parse("expire-tokens").Apply(sim);
        var expiredAt = sim.Clock.Now;
        var result = sim.RunUntil(s => ClusterFormation.Converged(s, "microctl"));

        Assert.StartsWith("expired 1 outstanding join token(s)", expiry, StringComparison.Ordinal);
        Assert.True(result.Converged, string.Join("\n", sim.Trace.TakeLast(30)));
        var calls = sim.Microcluster.ListCalls();
        var adds = calls.Where(c => c.Arguments is ["add", "microctl-2"] && c.ExitCode == 0).ToList();
        Assert.True(adds.Count == 2, $"expected the first token and one re-issue for microctl-2, got {adds.Count} add(s)");

        // The library re-issues a token that went unused for its lifetime, measured on the simulation clock.
        Assert.True(adds[1].Time - adds[0].Time >= new TokenConsumerOptions().TokenLifetime, $"re-issued at {adds[1].Time}, first issued at {adds[0].Time}");
        Assert.True(adds[1].Time >= expiredAt);
        var join = Assert.Single(calls, c => c.HostName == "microctl-2" && c.Arguments[0] == "join" && c.ExitCode == 0);
        Assert.True(join.Sequence > adds[1].Sequence, "microctl-2 joined before the token was re-issued");
        Assert.Equal(StatusKind.Active, sim.Model.GetUnit("microctl/2").Status.Kind);
    }

    [Fact]
    public void TheSameSeedReplaysTheSameDemo()
    {
        static string Trace(int seed)
        {
            var (_, _, runner) = CliHarness.Demo("--units", "4", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");
            return string.Join("\n", runner.Simulation!.Trace);
        }

        Assert.Equal(Trace(9), Trace(9));
    }

    [Fact]
    public void MermaidTimelineIsWrittenWithoutTokens()
    {
        var file = Path.Combine(Path.GetTempPath(), "charm-sim-timeline-" + Guid.NewGuid().ToString("N") + ".md");
        try
        {
            var (exit, output, runner) = CliHarness.Demo("--units", "3", "--seed", "2", "--quiet", "--mermaid", file);

            Assert.True(exit == 0, output);
            var text = File.ReadAllText(file);
            Assert.Contains("```mermaid\nsequenceDiagram\n", text, StringComparison.Ordinal);
            Assert.Contains("participant u0 as microctl/0", text, StringComparison.Ordinal);
            Assert.Contains("participant cluster as fake cluster", text, StringComparison.Ordinal);
            Assert.Contains("u0->>cluster: bootstrap", text, StringComparison.Ordinal);
            Assert.Contains("join <token>", text, StringComparison.Ordinal);
            Assert.Contains("-)", text, StringComparison.Ordinal);
            // Tokens were issued (and, with the consumed-tokens extension, replaced by "joined" once used, so the final
            // databags hold none): no word of the timeline may be one the fake cluster would accept as a join token.
            Assert.Contains(runner.Simulation!.Microcluster.ListCalls(), c => c.Arguments is ["add", ..] && c.ExitCode == 0);
            var words = System.Text.RegularExpressions.Regex.Split(text, "[^A-Za-z0-9+/=_-]+").Where(w => w.Length > 0).ToList();
            Assert.All(words, word => Assert.False(JoinTokenCodec.TryDecode(word, out _, out _), $"the timeline holds a join token: {word}"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AScenarioFileSetsTheRunAndItsSteps()
    {
        var directory = Directory.CreateTempSubdirectory("charm-sim-scenario-").FullName;
        try
        {
            var file = Path.Combine(directory, "scenario.yaml");
            File.WriteAllText(file, """
                # two more units, then lose the first one
                units: 2
                seed: 3
                quiet: true
                steps:
                  - add-unit microctl 2
                  - converge
                  - remove-unit: microctl/1
                  - wait: 10m
                """);

            var (exit, output) = CliHarness.Run("run", file);

            Assert.True(exit == 0, output);
            Assert.Contains("Deployed microctl ×2", output, StringComparison.Ordinal);
            Assert.Contains("→ wait 10m: waited 00:10:00.", output, StringComparison.Ordinal);
            Assert.Contains("microctl/3", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AScenarioFileWithAnUnknownSettingIsAUsageError()
    {
        var file = Path.Combine(Path.GetTempPath(), "charm-sim-bad-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, "unitz: 3\n");
        try
        {
            var (exit, output) = CliHarness.Run("run", file);

            Assert.Equal(2, exit);
            Assert.Contains("sets 'unitz', which is not a setting", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void NotConvergingWithinTheBoundExitsWith1()
    {
        var (exit, output, _) = CliHarness.Demo("--units", "3", "--seed", "1", "--quiet", "--max-steps", "5");

        Assert.Equal(1, exit);
        Assert.Contains("stopped at the step bound (5)", output, StringComparison.Ordinal);
        Assert.Contains("Not converged.", output, StringComparison.Ordinal);
    }
}

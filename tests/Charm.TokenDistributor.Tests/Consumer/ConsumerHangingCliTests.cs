using System.Diagnostics;
using Charm.Framework.Model;
using Charm.Framework.Processes;
using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Consumer;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Consumer;

using State = Charm.Testing.State;

/// <summary>
/// Hazard "no timeout" with a real process: the consumer runs a cluster CLI that never returns (a script that execs
/// <c>sleep 600</c>) through the production <see cref="SystemProcessRunner"/>, with a 1 s timeout.
/// </summary>
public sealed class ConsumerHangingCliTests : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "td-hanging-cli-" + Guid.NewGuid().ToString("N"));

    public ConsumerHangingCliTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_cli_that_never_returns_is_killed_after_the_timeout_and_the_unit_waits_and_retries()
    {
        var pidFile = Path.Combine(_directory, "pid");
        var cli = Path.Combine(_directory, "microctl");
        File.WriteAllText(cli, $"#!/bin/sh\necho $$ > '{pidFile}'\nexec sleep 600\n");
        File.SetUnixFileMode(cli, Executable);
        var setup = new TestCharmSetup
        {
            ConsumerEndpoint = ConsumerEndpoint,
            Command = new ClusterCommand(cli),
            Options = new TokenConsumerOptions { CliTimeout = TimeSpan.FromSeconds(1) },
        };
        var context = new Context(ctx => new TestCharm(ctx, setup), unitName: "workload/0") { ProcessRunner = new SystemProcessRunner() };
        var relation = ConsumerRelationWith(SeedMirror(("node-a", "empty"), ("node-b", "empty")));
        var state = new State { HostName = "node-a" }.WithRelation(relation).InCluster();

        var clock = Stopwatch.StartNew();
        var result = context.Run(Hook.RelationChanged(relation, 0), state);
        clock.Stop();

        // Returned promptly (a generous bound: the point is that it did not wait for the 600 s sleep).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the hook took {clock.Elapsed}");
        Assert.True(result.Succeeded, result.StandardError);
        var call = Assert.Single(result.ProcessCalls);
        Assert.Equal(["list", "-f", "json"], call.Arguments);

        // The child was killed, not left running.
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Gone(pid, TimeSpan.FromSeconds(10)), $"the hanging CLI (pid {pid}) is still running");

        // As documented: a list that fails is a waiting status and the mirror step is retried (the event is deferred),
        // with the timeout logged once; nothing is published.
        Assert.Equal(Status.Waiting(TokenConsumer.MembershipUnavailableMessage), result.Output.UnitStatus);
        Assert.Single(result.Output.Deferred);
        var line = Assert.Single(result.Logs, l => l.Message.Contains("did not finish within", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("was killed", line.Message, StringComparison.Ordinal);
        Assert.False(result.Output.GetRelation(1).LocalUnitData.ContainsKey("mirror"));
    }

    private static bool Gone(int pid, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (!Running(pid))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return !Running(pid);
    }

    /// <summary>Whether <paramref name="pid"/> is a live (not zombie) process still running <c>sleep</c>.</summary>
    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && stat.Contains("(sleep)", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}

using System.Text;
using Charm.Framework.Processes;
using Charm.Simulator.Microcluster;
using Charm.TokenDistributor.Cli;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>
/// <c>list -f json</c> output and every cluster CLI answer, hostile: only <see cref="ClusterOutputException"/> comes out of
/// <see cref="ClusterMembership.Parse"/>, and only <see cref="ClusterCliException"/> (or an <see cref="ArgumentException"/>
/// for an argument the caller gave) out of <see cref="ClusterCli"/>, whose messages never hold the join token.
/// </summary>
public sealed class ClusterOutputFuzzTests
{
    /// <summary>Real output of the fake cluster's <c>list -f json</c> with 1–5 members (one of them unreachable now and then).</summary>
    private static readonly Gen<string> ValidLists = Gen.Select(Gen.Int[1, 5], Gen.Int, Gen.Bool, (members, seed, partition) =>
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions { Seed = seed });
        cluster.Execute("node-0", ["bootstrap"]);
        for (var i = 1; i < members; i++)
        {
            var token = cluster.Execute("node-0", ["add", "node-" + i]).StandardOutput.Trim();
            cluster.Execute("node-" + i, ["join", token]);
        }

        if (partition)
        {
            cluster.SetReachable("node-" + (members - 1), reachable: false);
        }

        clock.Advance(TimeSpan.FromSeconds(seed % 2 == 0 ? 0 : 30));
        return cluster.Execute("node-0", ["list", "-f", "json"]).StandardOutput;
    });

    private static readonly string[] FieldValues =
    [
        "null", "1", "-1", "1.5", "1e400", "99999999999", "true", "[]", "{}", "\"\"", "\"voter\"", "\"PENDING\"", "\"ONLINE\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"2026-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"not a time\"", "[\"a\",1,null]",
        "\"\\u0000\"", "\"node-1\"",
    ];

    private static readonly string[] FieldNames =
    [
        "name", "address", "certificate", "role", "status", "secret", "schema_internal_version", "schema_external_version",
        "last_heartbeat", "extensions", "Name", "", "name\u0000",
    ];

    /// <summary>An array of member-ish objects with hostile types in known fields.</summary>
    private static readonly Gen<string> Shaped =
        Gen.Select(Gen.OneOf(FieldNames), Gen.Frequency((3, Gen.OneOf(FieldValues)), (1, Hostile.Text.Select(Quote))))
            .Array[0, 8].Array[0, 4]
            .Select(members => "[" + string.Join(",", members.Select(fields => "{" + string.Join(",", fields.Select(f => Quote(f.Item1) + ":" + f.Item2)) + "}")) + "]");

    /// <summary>A valid list with one edit: characters replaced, removed, inserted or duplicated.</summary>
    private static readonly Gen<string> Mutated = Gen.Select(ValidLists, Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 12], Hostile.Text,
        (text, kind, at, length, noise) =>
        {
            var builder = new StringBuilder(text);
            var i = at % Math.Max(1, text.Length);
            var n = Math.Min(length, text.Length - i);
            return kind switch
            {
                0 => builder.Remove(i, n).Insert(i, noise).ToString(),
                1 => builder.Remove(i, n).ToString(),
                2 => builder.Insert(i, noise).ToString(),
                _ => builder.Insert(i, text.AsSpan(i, n)).ToString(),
            };
        });

    private static readonly Gen<string> AnyOutput = Gen.Frequency((2, Hostile.Text), (1, ValidLists), (3, Shaped), (3, Mutated));

    [Fact]
    public void ParseReturnsMembersOrAClusterOutputException()
        => AnyOutput.Run(ParsesOrClusterOutputException, iter: 10_000, print: Hostile.Show);

    [Fact]
    public void TheFakeClustersOwnListAlwaysParses()
        => ValidLists.Run(text => Assert.NotEmpty(ClusterMembership.Parse(text).Members), iter: 300);

    /// <summary>A process outcome: an exit code, hostile standard output and error (sometimes echoing the argument), a timeout, or a start failure.</summary>
    private static readonly Gen<(int Exit, string Out, string Err, bool TimedOut, bool NotStarted, bool Echo)> Outcomes =
        Gen.Select(Gen.Frequency((3, Gen.Const(0)), (2, Gen.Const(1)), (1, Gen.Int)), AnyOutput, Hostile.Text, Gen.Int[0, 9], Gen.Bool,
            (exit, stdout, stderr, roll, echo) => (exit, stdout, stderr, roll == 0, roll == 1, echo));

    [Fact]
    public void TheCliAdapterThrowsOnlyItsOwnErrorsAndNeverQuotesAToken()
        => Gen.Select(Gen.Int[0, 4], Hostile.Text, Outcomes).Run(
            (operation, argument, outcome) =>
            {
                var runner = new ScriptedRunner(outcome.Exit, outcome.Out, outcome.Echo ? "Error: bad " + argument + "\n" + outcome.Err : outcome.Err, outcome.TimedOut, outcome.NotStarted ? argument : null);
                var logged = new List<string>();
                var cli = new ClusterCli(new ClusterCommand("microctl"), runner, TimeSpan.FromSeconds(5), (_, line) => logged.Add(line));
                try
                {
                    switch (operation)
                    {
                        case 0:
                            cli.Bootstrap([argument]);
                            break;
                        case 1:
                            _ = cli.Add(argument);
                            break;
                        case 2:
                            cli.Join(argument);
                            break;
                        case 3:
                            _ = cli.List();
                            break;
                        default:
                            cli.Remove(argument);
                            break;
                    }
                }
                catch (ClusterCliException e) when (operation == 2)
                {
                    // The token (argument of join) is a secret: a long enough one never appears in what a person reads.
                    var token = argument.Trim();
                    if (token.Length >= 8 && !"microctl join <token> Cluster command".Contains(token, StringComparison.Ordinal))
                    {
                        Assert.DoesNotContain(token, e.Message, StringComparison.Ordinal);
                        Assert.DoesNotContain(token, e.StandardError, StringComparison.Ordinal);
                        Assert.DoesNotContain(token, e.Command, StringComparison.Ordinal);
                        Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
                        Assert.All(logged, line => Assert.DoesNotContain(token, line, StringComparison.Ordinal));
                    }
                }
                catch (ClusterCliException)
                {
                }
                catch (ArgumentException) when (operation is 1 or 2 or 4)
                {
                    // A name or token the caller gave that the CLI could not take (documented).
                }
            },
            iter: 10_000,
            print: t => $"operation {t.Item1}, argument {Hostile.Show(t.Item2)}, exit {t.Item3.Exit}, stdout {Hostile.Show(t.Item3.Out)}");

    internal static void ParsesOrClusterOutputException(string text)
    {
        try
        {
            var membership = ClusterMembership.Parse(text);
            Assert.All(membership.Members, m => Assert.False(string.IsNullOrEmpty(m.Name)));
            _ = membership.Communicator;
            _ = membership.OnlineVoterNames;
            _ = membership.AnyPending;
        }
        catch (ClusterOutputException e)
        {
            Assert.True(e.OutputExcerpt.Length <= ClusterOutputException.MaxExcerptLength + 16, "the excerpt is bounded");
        }
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                < ' ' => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Answers every command with one outcome (or cannot start it).</summary>
    private sealed class ScriptedRunner(int exit, string stdout, string stderr, bool timedOut, string? notStarted) : IProcessRunner
    {
        public ProcessResult Run(ProcessSpec spec)
            => notStarted is not null
                ? throw new ProcessStartException(spec.FileName, "cannot start " + string.Join(' ', spec.Arguments) + ": " + notStarted)
                : new ProcessResult(exit, stdout, stderr, timedOut);
    }
}

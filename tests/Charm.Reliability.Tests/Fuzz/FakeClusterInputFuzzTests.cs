using Charm.Simulator.Microcluster;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>
/// The fake cluster driven with hostile words (join tokens, names, flags): every call returns a <see cref="CliResult"/>,
/// never an exception, and a failure always says why on standard error.
/// </summary>
public sealed class FakeClusterInputFuzzTests
{
    private static readonly string[] Words = ["bootstrap", "add", "join", "list", "remove", "-f", "json", "--format=yaml", "--force", "-h", "--", "-x"];

    private static readonly Gen<string> Word = Gen.Frequency((2, Gen.OneOf(Words)), (3, Hostile.Text), (1, Gen.OneOf("node-0", "node-1", "node-9")));

    /// <summary>A real token of the world with its characters edited, or one of another world.</summary>
    private static string Tamper(string token, int at, string noise) => token.Length == 0 ? noise : token.Remove(at % token.Length, 1).Insert(at % token.Length, noise);

    [Fact]
    public void AJoinTokenThatIsNotUtf8IsRefusedNotThrown()
    {
        var cluster = new FakeMicrocluster(new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(cluster.Execute("node-0", ["bootstrap"]).Succeeded);
        var token = Convert.ToBase64String([.. "{\"secret\":\""u8, 0xB6, .. "\"}"u8]);

        var result = cluster.Execute("node-1", ["join", token]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error: Invalid join token", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void AJoinTokenEscapingALoneSurrogateIsRefusedNotThrown()
    {
        var cluster = new FakeMicrocluster(new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(cluster.Execute("node-0", ["bootstrap"]).Succeeded);
        var token = Convert.ToBase64String("{\"secret\":\"\\udc00\",\"fingerprint\":\"f\",\"join_addresses\":[\"10.0.0.1:7443\"]}"u8);

        var result = cluster.Execute("node-1", ["join", token]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error: Invalid join token", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCallReturnsACliResult()
        => Gen.Select(Gen.OneOf("node-0", "node-1", "node-2"), Gen.OneOf("join", "add", "remove", "list", "bootstrap", "x"), Word.Array[0, 4], Gen.Int[0, 3], Gen.Int[0, 1000], Hostile.Text).Run(
            (host, command, words, tokenKind, at, noise) =>
            {
                var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
                var cluster = new FakeMicrocluster(clock, new FakeMicroclusterOptions { Seed = at });
                Assert.True(cluster.Execute("node-0", ["bootstrap"]).Succeeded);
                var token = cluster.Execute("node-0", ["add", "node-1"]).StandardOutput.Trim();
                string[] args = tokenKind switch
                {
                    0 => [command, .. words],
                    1 => ["join", Tamper(token, at, noise), .. words],
                    2 => ["join", noise, .. words],
                    _ => ["join", token, .. words],
                };

                var result = cluster.Execute(host, args);

                Assert.True(result.Succeeded || result.StandardError.StartsWith("Error: ", StringComparison.Ordinal), $"a failure without an error: exit {result.ExitCode}");
                Assert.DoesNotContain(token, result.StandardError, StringComparison.Ordinal);
                Assert.All(cluster.ListCalls(), call => Assert.DoesNotContain(token, string.Join(' ', call.Arguments), StringComparison.Ordinal));
            },
            iter: 10_000);
}

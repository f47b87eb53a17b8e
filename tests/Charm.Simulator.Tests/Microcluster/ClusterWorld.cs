using System.Text.Json;
using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

/// <summary>A fake cluster on a manual clock, with short-hands for the calls every test makes.</summary>
internal sealed class ClusterWorld
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public ClusterWorld(FakeMicroclusterOptions? options = null)
    {
        Clock = new ManualClock(Start);
        Cluster = new FakeMicrocluster(Clock, options);
    }

    public ManualClock Clock { get; }

    public FakeMicrocluster Cluster { get; }

    public CliResult Run(string host, params string[] args) => Cluster.Execute(host, args);

    /// <summary>Runs a call that must succeed and returns its standard output.</summary>
    public string Ok(string host, params string[] args)
    {
        CliResult result = Cluster.Execute(host, args);
        Assert.True(result.Succeeded, $"{host}: {string.Join(' ', args)} failed: {result.StandardError}");
        Assert.Equal(string.Empty, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>Runs a call that must fail with exit code 1 and returns its standard error.</summary>
    public string Fails(string host, params string[] args)
    {
        CliResult result = Cluster.Execute(host, args);
        Assert.False(result.TimedOut);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.StartsWith("Error: ", result.StandardError, StringComparison.Ordinal);
        return result.StandardError;
    }

    public string Token(string issuer, string name) => Ok(issuer, "add", name).TrimEnd('\n');

    /// <summary>Issues a token on <paramref name="issuer"/> and joins <paramref name="host"/> with it.</summary>
    public void AddAndJoin(string issuer, string host) => Ok(host, "join", Token(issuer, host));

    /// <summary>Bootstraps host-0 and joins host-1 … host-(count-1), oldest first.</summary>
    public void Form(int count)
    {
        Ok("host-0", "bootstrap");
        for (int i = 1; i < count; i++)
        {
            AddAndJoin("host-0", "host-" + i);
        }
    }

    public JsonDocument List(string host) => JsonDocument.Parse(Ok(host, "list", "-f", "json"));

    /// <summary>Member name to role, from <c>list -f json</c> on <paramref name="host"/>.</summary>
    public Dictionary<string, string> Roles(string host)
    {
        using JsonDocument list = List(host);
        return list.RootElement.EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString()!, m => m.GetProperty("role").GetString()!);
    }
}

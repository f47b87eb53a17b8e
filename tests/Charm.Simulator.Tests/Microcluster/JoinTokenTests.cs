using System.Text.Json;
using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class JoinTokenTests
{
    [Fact]
    public void Token_is_standard_base64_of_the_three_documented_fields()
    {
        var world = new ClusterWorld();
        world.Form(2);

        string output = world.Ok("host-0", "add", "host-2");

        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        string token = output.TrimEnd('\n');
        using JsonDocument json = JsonDocument.Parse(Convert.FromBase64String(token));
        JsonElement root = json.RootElement;
        Assert.Equal(["secret", "fingerprint", "join_addresses"], root.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("secret").GetString());

        ClusterSnapshot cluster = Assert.Single(world.Cluster.ListClusters());
        Assert.Matches("^[0-9a-f]{64}$", cluster.Fingerprint);
        Assert.Equal(cluster.Fingerprint, root.GetProperty("fingerprint").GetString());

        string[] addresses = [.. root.GetProperty("join_addresses").EnumerateArray().Select(a => a.GetString()!)];
        Assert.Equal(cluster.Members.Select(m => m.Address).Order(StringComparer.Ordinal), addresses.Order(StringComparer.Ordinal));
        Assert.All(addresses, a => Assert.Matches(@"^10\.\d{1,3}\.\d{1,3}\.\d{1,3}:7443$", a));
    }

    [Fact]
    public void Each_token_has_a_fresh_secret()
    {
        var world = new ClusterWorld();
        world.Form(1);

        string first = Secret(world.Token("host-0", "host-1"));
        string second = Secret(world.Token("host-0", "host-2"));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_token_is_single_use()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");
        world.Ok("host-1", "join", token);
        world.Cluster.Heartbeat();
        world.Ok("host-0", "remove", "host-1");

        string error = world.Fails("host-1", "join", token);

        Assert.Contains("unknown or was already used", error, StringComparison.Ordinal);
        Assert.Empty(world.Cluster.ListOutstandingTokens());
    }

    [Fact]
    public void A_successful_join_deletes_the_token()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");
        Assert.Single(world.Cluster.ListOutstandingTokens());

        world.Ok("host-1", "join", token);

        Assert.Empty(world.Cluster.ListOutstandingTokens());
    }

    [Fact]
    public void A_token_is_accepted_until_its_lifetime_ends_then_rejected_and_purged()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string early = world.Token("host-0", "host-1");
        string late = world.Token("host-0", "host-2");

        world.Clock.Advance(TimeSpan.FromHours(3) - TimeSpan.FromSeconds(1));
        world.Ok("host-1", "join", early);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        JoinTokenSnapshot pending = Assert.Single(world.Cluster.ListOutstandingTokens());
        Assert.True(pending.Expired);
        Assert.Equal(ClusterWorld.Start + TimeSpan.FromHours(3), pending.ExpiresAt);

        string error = world.Fails("host-2", "join", late);

        Assert.Contains("expired", error, StringComparison.Ordinal);
        Assert.Empty(world.Cluster.ListOutstandingTokens());
        Assert.Contains("unknown or was already used", world.Fails("host-2", "join", late), StringComparison.Ordinal);
        world.AddAndJoin("host-0", "host-2");
    }

    [Fact]
    public void An_expired_token_no_longer_holds_its_name()
    {
        var world = new ClusterWorld();
        world.Form(1);
        world.Token("host-0", "host-1");
        world.Clock.Advance(TimeSpan.FromHours(4));

        string fresh = world.Token("host-0", "host-1");

        JoinTokenSnapshot outstanding = Assert.Single(world.Cluster.ListOutstandingTokens());
        Assert.False(outstanding.Expired);
        world.Ok("host-1", "join", fresh);
    }

    [Fact]
    public void Token_lifetime_is_configurable()
    {
        var world = new ClusterWorld(new FakeMicroclusterOptions { TokenLifetime = TimeSpan.FromMinutes(5) });
        world.Form(1);
        string token = world.Token("host-0", "host-1");

        world.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Contains("expired", world.Fails("host-1", "join", token), StringComparison.Ordinal);
    }

    [Fact]
    public void ExpireAllTokens_makes_every_outstanding_token_expire_now()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");
        world.Token("host-0", "host-2");

        Assert.Equal(2, world.Cluster.ExpireAllTokens());

        Assert.All(world.Cluster.ListOutstandingTokens(), t => Assert.True(t.Expired));
        Assert.Contains("expired", world.Fails("host-1", "join", token), StringComparison.Ordinal);
        Assert.Equal(0, world.Cluster.ExpireAllTokens());
    }

    [Fact]
    public void A_token_issued_for_another_name_is_rejected_and_kept()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-2");

        string error = world.Fails("host-1", "join", token);

        Assert.Contains("\"host-1\" does not match the join token name \"host-2\"", error, StringComparison.Ordinal);
        Assert.Null(world.Cluster.ClusterIdOf("host-1"));
        Assert.Equal("host-2", Assert.Single(world.Cluster.ListOutstandingTokens()).Name);
        world.Ok("host-2", "join", token);
    }

    [Fact]
    public void Adding_a_name_that_holds_a_token_or_is_a_member_is_taken()
    {
        var world = new ClusterWorld();
        world.Form(2);
        world.Token("host-0", "host-2");

        Assert.Contains("\"host-2\" is taken", world.Fails("host-1", "add", "host-2"), StringComparison.Ordinal);
        Assert.Contains("\"host-1\" is taken", world.Fails("host-0", "add", "host-1"), StringComparison.Ordinal);
        Assert.Contains("\"host-0\" is taken", world.Fails("host-0", "add", "host-0"), StringComparison.Ordinal);
        Assert.Single(world.Cluster.ListOutstandingTokens());
    }

    [Theory]
    [InlineData("bad_name")]
    [InlineData("-leading-hyphen")]
    [InlineData("trailing-hyphen-")]
    [InlineData("double..dot")]
    [InlineData("")]
    public void Add_rejects_names_that_are_not_host_names(string name)
    {
        var world = new ClusterWorld();
        world.Form(1);

        // "--" ends the flags, so that a name starting with a hyphen reaches the daemon.
        Assert.Contains("is not a valid FQDN", world.Fails("host-0", "add", "--", name), StringComparison.Ordinal);
        Assert.Empty(world.Cluster.ListOutstandingTokens());
    }

    [Fact]
    public void Add_accepts_fully_qualified_names()
    {
        var world = new ClusterWorld();
        world.Form(1);

        world.Token("host-0", "juju-1a2b3c-0.lxd");

        Assert.Equal("juju-1a2b3c-0.lxd", Assert.Single(world.Cluster.ListOutstandingTokens()).Name);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("W10=")] // []
    [InlineData("e30=")] // {}
    [InlineData("bm90IGpzb24=")] // not json
    public void Malformed_tokens_are_rejected_without_echoing_them(string token)
    {
        var world = new ClusterWorld();
        world.Form(1);

        string error = world.Fails("host-1", "join", token);

        Assert.StartsWith("Error: Invalid join token: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error, StringComparison.Ordinal);
        Assert.Null(world.Cluster.ClusterIdOf("host-1"));
    }

    [Fact]
    public void A_token_with_a_foreign_fingerprint_does_not_join()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");
        string forged = Rewrite(token, fingerprint: new string('0', 64));

        string error = world.Fails("host-1", "join", forged);

        Assert.Contains("join attempts were unsuccessful", error, StringComparison.Ordinal);
        Assert.Contains("fingerprint", error, StringComparison.Ordinal);
        Assert.DoesNotContain(forged, error, StringComparison.Ordinal);
        world.Ok("host-1", "join", token);
    }

    [Fact]
    public void A_token_whose_join_addresses_answer_nowhere_does_not_join()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");
        world.Cluster.SetReachable("host-0", reachable: false);

        Assert.Contains("Failed to connect", world.Fails("host-1", "join", token), StringComparison.Ordinal);

        world.Cluster.SetReachable("host-0", reachable: true);
        world.Ok("host-1", "join", token);
    }

    [Fact]
    public void An_unknown_secret_is_rejected()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string forged = Rewrite(world.Token("host-0", "host-1"), secret: new string('a', 64));

        Assert.Contains("unknown or was already used", world.Fails("host-1", "join", forged), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_snapshots_carry_no_secret()
    {
        var world = new ClusterWorld();
        world.Form(1);
        string token = world.Token("host-0", "host-1");

        JoinTokenSnapshot snapshot = Assert.Single(world.Cluster.ListOutstandingTokens());

        Assert.Equal(new JoinTokenSnapshot("cluster-1", "host-1", "host-0", ClusterWorld.Start, ClusterWorld.Start.AddHours(3), false), snapshot);
        Assert.DoesNotContain(Secret(token), snapshot.ToString(), StringComparison.Ordinal);
    }

    private static string Secret(string token)
    {
        using JsonDocument json = JsonDocument.Parse(Convert.FromBase64String(token));
        return json.RootElement.GetProperty("secret").GetString()!;
    }

    private static string Rewrite(string token, string? secret = null, string? fingerprint = null)
    {
        using JsonDocument json = JsonDocument.Parse(Convert.FromBase64String(token));
        JsonElement root = json.RootElement;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("secret", secret ?? root.GetProperty("secret").GetString());
            writer.WriteString("fingerprint", fingerprint ?? root.GetProperty("fingerprint").GetString());
            writer.WritePropertyName("join_addresses");
            root.GetProperty("join_addresses").WriteTo(writer);
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }
}

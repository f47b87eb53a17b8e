using System.Globalization;
using System.Text.Json;
using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class MemberListTests
{
    private static readonly string[] DocumentedFields =
    [
        "name", "address", "certificate", "role", "schema_internal_version", "schema_external_version",
        "last_heartbeat", "status", "extensions", "secret",
    ];

    [Fact]
    public void List_json_is_one_array_line_with_exactly_the_documented_fields()
    {
        var world = new ClusterWorld();
        world.Form(3);
        world.Clock.Advance(TimeSpan.FromSeconds(10));

        string output = world.Ok("host-1", "list", "-f", "json");

        Assert.EndsWith("]\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', output.TrimEnd('\n'));
        using JsonDocument list = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Array, list.RootElement.ValueKind);
        Assert.Equal(3, list.RootElement.GetArrayLength());
        foreach (JsonElement member in list.RootElement.EnumerateArray())
        {
            Assert.Equal(DocumentedFields, member.EnumerateObject().Select(p => p.Name));
            Assert.Matches(@"^host-\d$", member.GetProperty("name").GetString());
            Assert.Matches(@"^10\.\d{1,3}\.\d{1,3}\.\d{1,3}:7443$", member.GetProperty("address").GetString());
            string certificate = member.GetProperty("certificate").GetString()!;
            Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", certificate, StringComparison.Ordinal);
            Assert.EndsWith("-----END CERTIFICATE-----\n", certificate, StringComparison.Ordinal);
            Assert.Equal(MicroclusterRole.Voter, member.GetProperty("role").GetString());
            Assert.Equal(7, member.GetProperty("schema_internal_version").GetInt32());
            Assert.Equal(1, member.GetProperty("schema_external_version").GetInt32());
            Assert.Equal("2026-11-25T10:00:10Z", member.GetProperty("last_heartbeat").GetString());
            Assert.Equal("ONLINE", member.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Array, member.GetProperty("extensions").ValueKind);
            Assert.All(member.GetProperty("extensions").EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
            Assert.Equal(string.Empty, member.GetProperty("secret").GetString());
        }
    }

    [Fact]
    public void Members_are_listed_by_name_and_identically_from_every_member()
    {
        var world = new ClusterWorld();
        world.Ok("c-host", "bootstrap");
        world.AddAndJoin("c-host", "a-host");
        world.AddAndJoin("a-host", "b-host");

        string fromC = world.Ok("c-host", "list", "-f", "json");

        Assert.Equal(fromC, world.Ok("a-host", "list", "-f", "json"));
        using JsonDocument list = JsonDocument.Parse(fromC);
        Assert.Equal(["a-host", "b-host", "c-host"], list.RootElement.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_member_without_a_heartbeat_shows_go_zero_time()
    {
        var world = new ClusterWorld();
        world.Ok("host-0", "bootstrap");

        using JsonDocument list = world.List("host-0");

        JsonElement member = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("0001-01-01T00:00:00Z", member.GetProperty("last_heartbeat").GetString());
        Assert.Equal("PENDING", member.GetProperty("role").GetString());
    }

    [Fact]
    public void Last_heartbeat_is_utc_with_go_style_fractional_seconds()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 12, 0, 0, 250, TimeSpan.FromHours(2)));
        var cluster = new FakeMicrocluster(clock);
        Assert.True(cluster.Execute("host-0", ["bootstrap"]).Succeeded);
        cluster.Heartbeat();

        using JsonDocument list = JsonDocument.Parse(cluster.Execute("host-0", ["list", "--format=json"]).StandardOutput);

        string stamp = list.RootElement[0].GetProperty("last_heartbeat").GetString()!;
        Assert.Equal("2026-11-25T10:00:00.25Z", stamp);
        Assert.Equal(clock.Now, DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Extensions_and_schema_versions_are_configurable()
    {
        var world = new ClusterWorld(new FakeMicroclusterOptions
        {
            Extensions = ["internal:runtime_extension_v1", "custom_ext"],
            SchemaInternalVersion = 9,
            SchemaExternalVersion = 3,
        });
        world.Form(1);

        using JsonDocument list = world.List("host-0");

        JsonElement member = list.RootElement[0];
        Assert.Equal(["internal:runtime_extension_v1", "custom_ext"], member.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(9, member.GetProperty("schema_internal_version").GetInt32());
        Assert.Equal(3, member.GetProperty("schema_external_version").GetInt32());
    }

    [Theory]
    [InlineData("-f", "json")]
    [InlineData("--format", "json")]
    [InlineData("--format=json")]
    [InlineData("-fjson")]
    [InlineData("-f=json")]
    public void The_format_flag_is_parsed_like_pflag(params string[] flagWords)
    {
        var world = new ClusterWorld();
        world.Form(1);

        string output = world.Ok("host-0", ["list", .. flagWords]);

        Assert.Equal(world.Ok("host-0", "list", "-f", "json"), output);
    }

    [Fact]
    public void Table_is_the_default_format_and_csv_is_offered()
    {
        var world = new ClusterWorld();
        world.Form(2);
        string fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(
            world.Cluster.ListClusters()[0].Members[0].Certificate
                .Replace("-----BEGIN CERTIFICATE-----", string.Empty, StringComparison.Ordinal)
                .Replace("-----END CERTIFICATE-----", string.Empty, StringComparison.Ordinal)
                .Replace("\n", string.Empty, StringComparison.Ordinal))));

        string table = world.Ok("host-0", "list");
        string csv = world.Ok("host-0", "list", "-f", "csv");

        Assert.Contains("| NAME ", table, StringComparison.Ordinal);
        Assert.Contains("FINGERPRINT", table, StringComparison.Ordinal);
        Assert.Contains(fingerprint, table, StringComparison.Ordinal);
        string[] rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.Equal(["host-0", world.Cluster.ListClusters()[0].Members[0].Address, "PENDING", fingerprint, "ONLINE"], rows[0].Split(','));
    }

    [Fact]
    public void An_unknown_format_is_an_error()
    {
        var world = new ClusterWorld();
        world.Form(1);

        Assert.Equal("Error: Invalid format \"xml\"\n", world.Fails("host-0", "list", "-f", "xml"));
    }

    [Fact]
    public void List_on_a_host_that_is_not_a_member_is_not_initialised()
    {
        var world = new ClusterWorld();
        world.Form(1);

        Assert.Equal("Error: Daemon not yet initialized\n", world.Fails("host-9", "list", "-f", "json"));
    }
}

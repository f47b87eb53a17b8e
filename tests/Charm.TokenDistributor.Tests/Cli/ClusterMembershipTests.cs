using System.Text;
using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Tests.Cli;

public sealed class ClusterMembershipTests
{
    private const string DocExample = """
        [
          {"name":"machine-0","address":"10.0.0.1:6443","certificate":"-----BEGIN CERTIFICATE-----\n…",
           "role":"voter","schema_internal_version":7,"schema_external_version":1,
           "last_heartbeat":"2026-11-25T10:00:00Z","status":"ONLINE","extensions":["…"],"secret":""}
        ]
        """;

    private static string Member(string name, string role, string status) =>
        $$"""{"name":"{{name}}","address":"10.0.0.9:6443","role":"{{role}}","status":"{{status}}"}""";

    private static string Array(params string[] members) => "[" + string.Join(",", members) + "]";

    [Fact]
    public void Parses_the_documented_example()
    {
        var membership = ClusterMembership.Parse(DocExample);

        var member = Assert.Single(membership.Members);
        Assert.Equal("machine-0", member.Name);
        Assert.Equal("10.0.0.1:6443", member.Address);
        Assert.Equal("-----BEGIN CERTIFICATE-----\n…", member.Certificate);
        Assert.Equal("voter", member.Role);
        Assert.Equal("ONLINE", member.Status);
        Assert.Equal(7, member.SchemaInternalVersion);
        Assert.Equal(1, member.SchemaExternalVersion);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), member.LastHeartbeat);
        Assert.Equal(["…"], member.Extensions);
        Assert.Equal("", member.Secret);
        Assert.True(member.IsVoter);
        Assert.True(member.IsOnline);
        Assert.False(member.IsPending);
        Assert.False(membership.AnyPending);
        Assert.Equal(["machine-0"], membership.OnlineVoterNames);
        Assert.Equal("machine-0", membership.Communicator);
        Assert.True(membership.Contains("machine-0"));
        Assert.False(membership.Contains("machine-1"));
        Assert.False(membership.Contains("MACHINE-0"));
    }

    [Fact]
    public void Empty_array_has_no_members_and_no_communicator()
    {
        var membership = ClusterMembership.Parse(" [ ] \n");
        Assert.Empty(membership.Members);
        Assert.Null(membership.Communicator);
        Assert.False(membership.AnyPending);
        Assert.Empty(membership.OnlineVoterNames);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        const string json = """
            [{"name":"m0","role":"voter","status":"ONLINE","fingerprint":"abc","nested":{"deep":[1,2,{"x":null}]},
              "future_field":true,"extensions":["a",5,null,"b"]}]
            """;
        var member = Assert.Single(ClusterMembership.Parse(json).Members);
        Assert.Equal("m0", member.Name);
        Assert.True(member.IsVoter);
        Assert.Equal(["a", "b"], member.Extensions);
    }

    [Fact]
    public void Missing_null_and_mistyped_optional_fields_take_defaults()
    {
        const string json = """
            [{"name":"m0"},
             {"name":"m1","address":null,"certificate":null,"role":null,"status":null,"schema_internal_version":null,
              "schema_external_version":"7","last_heartbeat":null,"extensions":null,"secret":null},
             {"name":"m2","role":5,"status":["ONLINE"],"schema_internal_version":1.5,"schema_external_version":99999999999,
              "last_heartbeat":"not a time","extensions":"a"}]
            """;
        var members = ClusterMembership.Parse(json).Members;
        Assert.Equal(3, members.Count);
        foreach (var member in members)
        {
            Assert.Equal("", member.Address);
            Assert.Equal("", member.Certificate);
            Assert.Equal("", member.Role);
            Assert.Equal("", member.Status);
            Assert.Null(member.SchemaInternalVersion);
            Assert.Null(member.SchemaExternalVersion);
            Assert.Null(member.LastHeartbeat);
            Assert.Empty(member.Extensions);
            Assert.Equal("", member.Secret);
            Assert.False(member.IsVoter);
            Assert.False(member.IsOnline);
            Assert.False(member.IsPending);
        }
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("voters", false)]
    [InlineData("vote", false)]
    [InlineData("Voter", false)]
    [InlineData("VOTER", false)]
    [InlineData(" voter", false)]
    [InlineData("voter ", false)]
    [InlineData("stand-by", false)]
    [InlineData("spare", false)]
    [InlineData("PENDING", false)]
    [InlineData("voter", true)]
    public void Only_the_exact_role_voter_is_a_voter(string role, bool voter)
    {
        var membership = ClusterMembership.Parse(Array(Member("m0", role, "ONLINE")));
        Assert.Equal(voter, membership.Members[0].IsVoter);
        Assert.Equal(voter ? "m0" : null, membership.Communicator);
        string[] expected = voter ? ["m0"] : [];
        Assert.Equal(expected, membership.OnlineVoterNames);
    }

    [Theory]
    [InlineData("ONLINE", true)]
    [InlineData("online", false)]
    [InlineData("UNREACHABLE", false)]
    [InlineData("NOT TRUSTED", false)]
    [InlineData("", false)]
    public void Only_the_exact_status_ONLINE_is_online(string status, bool online)
    {
        var membership = ClusterMembership.Parse(Array(Member("m0", "voter", status)));
        Assert.Equal(online, membership.Members[0].IsOnline);
        Assert.Equal(online ? "m0" : null, membership.Communicator);
    }

    [Fact]
    public void Pending_members_are_detected_exactly()
    {
        var pending = ClusterMembership.Parse(Array(Member("m0", "voter", "ONLINE"), Member("m1", "PENDING", "ONLINE")));
        Assert.True(pending.AnyPending);
        Assert.True(pending.Members[1].IsPending);
        Assert.Equal("m0", pending.Communicator);

        var notPending = ClusterMembership.Parse(Array(Member("m0", "voter", "ONLINE"), Member("m1", "pending", "ONLINE")));
        Assert.False(notPending.AnyPending);
    }

    [Fact]
    public void Communicator_is_the_smallest_online_voter()
    {
        var membership = ClusterMembership.Parse(Array(
            Member("machine-2", "voter", "ONLINE"),
            Member("machine-0", "spare", "ONLINE"),
            Member("machine-1", "voter", "UNREACHABLE"),
            Member("machine-10", "voter", "ONLINE"),
            Member("machine-3", "", "ONLINE"),
            Member("a-machine", "stand-by", "ONLINE")));

        Assert.Equal("machine-10", membership.Communicator);
        Assert.Equal(["machine-10", "machine-2"], membership.OnlineVoterNames);
        Assert.True(membership.Contains("machine-1"));
        Assert.Equal("spare", membership.Find("machine-0")!.Role);
        Assert.Null(membership.Find("machine-9"));
    }

    [Fact]
    public void Odd_host_names_are_kept_verbatim_and_ordered_by_code_point()
    {
        // Python's min() orders by code point: U+FF21 (Ａ) < U+1F600 (😀), although UTF-16 ordinal order says otherwise.
        var membership = ClusterMembership.Parse(Array(
            Member("\U0001F600-host", "voter", "ONLINE"),
            Member("\uFF21-host", "voter", "ONLINE"),
            Member("zz.example.com", "voter", "ONLINE"),
            Member("ünïcødé-节点", "voter", "ONLINE")));

        Assert.Equal(["zz.example.com", "ünïcødé-节点", "\uFF21-host", "\U0001F600-host"], membership.OnlineVoterNames);
        Assert.Equal("zz.example.com", membership.Communicator);

        var unicodeOnly = ClusterMembership.Parse(Array(
            Member("\U0001F600-host", "voter", "ONLINE"),
            Member("\uFF21-host", "voter", "ONLINE")));
        Assert.Equal("\uFF21-host", unicodeOnly.Communicator);

        var dotted = ClusterMembership.Parse(Array(
            Member("node-1.maas", "voter", "ONLINE"),
            Member("node-1", "voter", "ONLINE"),
            Member("node-1-a", "voter", "ONLINE"),
            Member("Node-0", "voter", "ONLINE")));
        Assert.Equal("Node-0", dotted.Communicator);
        Assert.Equal(["Node-0", "node-1", "node-1-a", "node-1.maas"], dotted.OnlineVoterNames);
        Assert.True(dotted.Contains("node-1.maas"));
    }

    [Fact]
    public void Escaped_names_are_decoded()
    {
        var membership = ClusterMembership.Parse("""[{"name":"n\u00e9ud-\ud83d\ude00","role":"voter","status":"ONLINE"}]""");
        Assert.Equal("néud-\U0001F600", membership.Communicator);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n", "empty")]
    [InlineData("null", "null")]
    [InlineData("{}", "an object")]
    [InlineData("""{"name":"m0","role":"voter"}""", "an object")]
    [InlineData("\"machine-0\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("true", "a boolean")]
    [InlineData("[1]", "element 0")]
    [InlineData("[null]", "element 0")]
    [InlineData("""[{"name":"m0"},"m1"]""", "element 1")]
    [InlineData("""[{"role":"voter","status":"ONLINE"}]""", "no \"name\"")]
    [InlineData("""[{"name":null}]""", "null, not a string")]
    [InlineData("""[{"name":7}]""", "a number, not a string")]
    [InlineData("""[{"name":""}]""", "is empty")]
    [InlineData("[", "not valid JSON")]
    [InlineData("[{\"name\":\"m0\"},]", "not valid JSON")]
    [InlineData("[] []", "not valid JSON")]
    [InlineData("Error: Daemon not yet initialized", "not valid JSON")]
    [InlineData("[{\"name\":\"\\ud800\"}]", "unreadable")]
    public void Malformed_output_throws_a_typed_error_saying_what_is_wrong(string output, string problem)
    {
        var e = Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse(output));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(output.Length, e.OutputLength);
    }

    [Fact]
    public void Null_reference_is_treated_as_empty_output()
    {
        var e = Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse(null));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_garbage_gives_a_bounded_message()
    {
        var garbage = new string('x', 2_000_000);
        var e = Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse(garbage));
        Assert.True(e.Message.Length < 1_000, $"message is {e.Message.Length} characters long");
        Assert.True(e.OutputExcerpt.Length <= ClusterOutputException.MaxExcerptLength + 1);
        Assert.Equal(2_000_000, e.OutputLength);
    }

    [Fact]
    public void Control_characters_in_the_excerpt_are_escaped()
    {
        var e = Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse("oops\n\u0001\u001b[31mred"));
        Assert.Contains("oops\\n\\u0001\\u001b[31mred", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', e.Message);
    }

    [Fact]
    public void Output_over_the_limit_is_refused_without_parsing()
    {
        var builder = new StringBuilder(ClusterMembership.MaxOutputLength + 10);
        builder.Append('[').Append(' ', ClusterMembership.MaxOutputLength).Append(']');
        var e = Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse(builder.ToString()));
        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 1_000);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var e = Assert.Throws<ClusterOutputException>(() => ClusterMembership.Parse(deep));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(e.InnerException, exactMatch: false);
    }

    [Fact]
    public void Many_members_parse()
    {
        var members = Enumerable.Range(0, 20_000).Select(i => Member($"node-{i:D5}", i % 3 == 0 ? "voter" : "spare", "ONLINE")).ToArray();
        var membership = ClusterMembership.Parse(Array(members));
        Assert.Equal(20_000, membership.Members.Count);
        Assert.Equal("node-00000", membership.Communicator);
        Assert.Equal(6_667, membership.OnlineVoterNames.Count);
        Assert.True(membership.Contains("node-19999"));
    }

    [Fact]
    public void Member_ToString_hides_the_secret_and_certificate()
    {
        var membership = ClusterMembership.Parse(
            """[{"name":"m0","role":"voter","status":"ONLINE","secret":"s3cr3t-value","certificate":"-----BEGIN CERTIFICATE-----XYZ"}]""");
        var member = membership.Members[0];
        Assert.Equal("s3cr3t-value", member.Secret);
        var text = member.ToString();
        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN CERTIFICATE", text, StringComparison.Ordinal);
        Assert.Contains("Name = m0", text, StringComparison.Ordinal);
        Assert.Contains("<redacted>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_compare_by_value()
    {
        var a = ClusterMembership.Parse(DocExample).Members[0];
        var b = ClusterMembership.Parse(DocExample).Members[0];
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Extensions = ["other"] });
        Assert.NotEqual(a, b with { Role = "spare" });
    }

    [Fact]
    public void Duplicate_fields_take_the_last_value_like_go()
    {
        var member = ClusterMembership.Parse("""[{"name":"m0","role":"spare","role":"voter","status":"ONLINE"}]""").Members[0];
        Assert.True(member.IsVoter);
    }

    [Fact]
    public void Constructed_memberships_answer_the_same_questions()
    {
        var membership = new ClusterMembership([
            new ClusterMember { Name = "b", Role = "voter", Status = "ONLINE" },
            new ClusterMember { Name = "a", Role = "PENDING", Status = "ONLINE" },
        ]);
        Assert.True(membership.AnyPending);
        Assert.Equal("b", membership.Communicator);
        Assert.Empty(ClusterMembership.Empty.Members);
        Assert.Throws<ArgumentNullException>(() => new ClusterMembership([null!]));
    }
}

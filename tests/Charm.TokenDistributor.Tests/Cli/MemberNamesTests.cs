using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Tests.Support;

namespace Charm.TokenDistributor.Tests.Cli;

/// <summary>
/// Fact (canonical/microcluster internal/utils/validation.go, ValidateFQDN, used by the token, control and cluster
/// endpoints): a name is 1 to 255 bytes, split at '.', and every label passes LXD's validate.IsHostname (canonical/lxd
/// shared/validate): 1 to 63 characters, not starting or ending with '-', only [-a-zA-Z0-9].
/// </summary>
public sealed class MemberNamesTests
{
    [Theory]
    [InlineData("node-a")]
    [InlineData("juju-0a1b2c-0")]
    [InlineData("a")]
    [InlineData("node-a.maas")]
    [InlineData("n1.example.com")]
    public void Names_the_daemon_accepts_pass(string name) => Assert.Null(MemberNames.Problem(name));

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b?c#d")]
    [InlineData("-rf")]
    [InlineData("node-")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("node_a")]
    [InlineData("n\u00e9ud")]
    [InlineData("node a")]
    [InlineData("node\nINFO forged")]
    [InlineData("\u202enode")]
    public void Names_the_daemon_refuses_fail(string name) => Assert.NotNull(MemberNames.Problem(name));

    [Fact]
    public void The_length_limits_are_255_for_the_name_and_63_for_a_label()
    {
        var label63 = new string('a', 63);
        Assert.Null(MemberNames.Problem(label63));
        Assert.NotNull(MemberNames.Problem(label63 + "a"));
        var name255 = string.Join('.', label63, label63, label63, new string('b', 63));
        Assert.Equal(255, name255.Length);
        Assert.Null(MemberNames.Problem(name255));
        Assert.NotNull(MemberNames.Problem(name255 + "b"));
        Assert.NotNull(MemberNames.Problem(string.Empty));
    }

    [Fact]
    public void Add_refuses_a_bad_name_before_running_anything_and_the_message_is_bounded_and_escaped()
    {
        var runner = new FakeProcessRunner();
        var cli = new ClusterCli(ClusterCommand.Parse("microctl"), runner);
        var huge = "x/" + new string('a', 200_000) + "\n";

        var error = Assert.Throws<ArgumentException>(() => cli.Add(huge));

        Assert.Empty(runner.Calls);
        Assert.True(error.Message.Length < 600, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<ArgumentException>(() => cli.Remove("../x"));
        Assert.Empty(runner.Calls);
    }
}

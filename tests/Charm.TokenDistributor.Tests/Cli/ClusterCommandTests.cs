using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Tests.Cli;

public sealed class ClusterCommandTests
{
    [Theory]
    [InlineData("microctl", new[] { "microctl" })]
    [InlineData("microovn cluster", new[] { "microovn", "cluster" })]
    [InlineData("  microceph \t cluster\n", new[] { "microceph", "cluster" })]
    [InlineData("/snap/bin/microctl --state-dir /var/x", new[] { "/snap/bin/microctl", "--state-dir", "/var/x" })]
    public void Parse_splits_on_white_space(string text, string[] words)
    {
        var command = ClusterCommand.Parse(text);
        Assert.Equal(words, command.Words);
        Assert.Equal(words[0], command.Program);
        Assert.Equal(words[1..], command.LeadingArguments);
        Assert.Equal(string.Join(' ', words), command.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Parse_rejects_empty_text(string text) => Assert.Throws<ArgumentException>(() => ClusterCommand.Parse(text));

    [Fact]
    public void Constructor_validates_words()
    {
        Assert.Throws<ArgumentNullException>(() => ClusterCommand.Parse(null!));
        Assert.Throws<ArgumentException>(() => new ClusterCommand(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => new ClusterCommand("microovn", ""));
        Assert.Throws<ArgumentException>(() => new ClusterCommand("microovn", "  "));
        Assert.Throws<ArgumentException>(() => new ClusterCommand("micro\u0000ovn"));
        Assert.Throws<ArgumentNullException>(() => new ClusterCommand("microovn", null!));
        Assert.Throws<ArgumentNullException>(() => new ClusterCommand((IEnumerable<string>)null!));
    }

    [Fact]
    public void Words_given_as_a_list_may_hold_spaces()
    {
        var command = new ClusterCommand(["/opt/my tools/microctl", "cluster"]);
        Assert.Equal("/opt/my tools/microctl", command.Program);
        Assert.Equal(["cluster"], command.LeadingArguments);
    }

    [Fact]
    public void Words_are_copied()
    {
        var words = new List<string> { "microovn", "cluster" };
        var command = new ClusterCommand(words);
        words[1] = "other";
        Assert.Equal(["microovn", "cluster"], command.Words);
    }
}

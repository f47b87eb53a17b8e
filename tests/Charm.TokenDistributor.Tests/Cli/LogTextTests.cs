using Charm.Testing;
using Charm.TokenDistributor.Cli;
using Charm.TokenDistributor.Tests.Support;
using static Charm.TokenDistributor.Tests.Support.Wire;

namespace Charm.TokenDistributor.Tests.Cli;

using State = Charm.Testing.State;

/// <summary>docs/security.md, "Logs": remote values never forge a line, move a terminal's cursor or reorder text.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\r\nINFO forged", "a\\r\\nINFO forged")]
    [InlineData("\u001b[31mred", "\\u001b[31mred")]
    [InlineData("abc\u202edef", "abc\\u202edef")]
    [InlineData("x\u2066y\u2069", "x\\u2066y\\u2069")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("zero\u200bwidth", "zero\\u200bwidth")]
    [InlineData("del\u007f c1\u0085", "del\\u007f c1\\u0085")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("pair \ud83d\ude00 kept", "pair \ud83d\ude00 kept")]
    [InlineData("h\u00e9 \u2713 plain", "h\u00e9 \u2713 plain")]
    public void Remote_values_are_escaped(string value, string expected) => Assert.Equal(expected, LogText.Remote(value));

    [Fact]
    public void A_lone_surrogate_is_escaped()
        => Assert.Equal("lone \\ud800 high", LogText.Remote("lone " + (char)0xD800 + " high"));

    [Fact]
    public void Remote_values_are_bounded()
    {
        var shown = LogText.Remote(new string('a', 200_000));
        Assert.Equal(LogText.MaxRemoteLength + 1, shown.Length);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_with_control_and_bidi_characters_reaches_no_log_line_raw()
    {
        var h = new ProviderHarness();
        var hostile = "node-x\nINFO forged line\u001b[2J\u202eevil";
        var relation = ProviderRelation()
            .WithRemoteUnit(0, Bag(("hostname", "node-a"), ("mirror", "up"), ("mirror-" + hostile, "tok")))
            .WithRemoteUnit(1, Bag(("hostname", hostile)));

        var result = h.Run(Hook.RelationChanged(relation, 1), new State { Leader = true }.WithRelation(relation)).EnsureSuccess();

        Assert.NotEmpty(result.Logs);
        Assert.All(result.Logs, l => Assert.DoesNotContain(l.Message, c => c is '\n' or '\u001b' or '\u202e'));
        Assert.Contains(result.Logs, l => l.Message.Contains("node-x\\nINFO forged line\\u001b[2J\\u202eevil", StringComparison.Ordinal));
    }
}

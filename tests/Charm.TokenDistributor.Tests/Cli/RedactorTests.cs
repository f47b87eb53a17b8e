using Charm.TokenDistributor.Cli;

namespace Charm.TokenDistributor.Tests.Cli;

public sealed class RedactorTests
{
    [Fact]
    public void Replaces_every_occurrence_of_every_secret()
    {
        var redactor = new Redactor("abc123", "zzz");
        Assert.Equal("x <redacted> y <redacted><redacted> <redacted>", redactor.Redact("x abc123 y abc123abc123 zzz"));
        Assert.Equal(2, redactor.Count);
    }

    [Fact]
    public void Longer_secrets_are_replaced_first()
    {
        var redactor = new Redactor("tok", "tokenvalue");
        Assert.Equal("[<redacted>] [<redacted>]", redactor.Redact("[tokenvalue] [tok]"));
    }

    [Fact]
    public void Empty_and_null_secrets_are_ignored()
    {
        var redactor = new Redactor("", null, "s");
        Assert.Equal(1, redactor.Count);
        Assert.Equal("<redacted>ecret", redactor.Redact("secret"));
        Assert.Equal("", redactor.Redact(null));
        Assert.Equal("text", Redactor.None.Redact("text"));
    }

    [Fact]
    public void Matching_is_case_sensitive()
    {
        Assert.Equal("ABC <redacted>", new Redactor("abc").Redact("ABC abc"));
    }

    [Fact]
    public void With_adds_secrets()
    {
        var redactor = new Redactor("one").With("two");
        Assert.Equal("<redacted> <redacted>", redactor.Redact("one two"));
    }

    [Fact]
    public void ToString_never_shows_secrets()
    {
        var text = new Redactor("hunter2-secret").ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("1", text, StringComparison.Ordinal);
    }
}

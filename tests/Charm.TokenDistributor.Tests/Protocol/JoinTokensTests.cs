using System.Security.Cryptography;
using System.Text;
using Charm.TokenDistributor.Protocol;
using Charm.TokenDistributor.Tests.Support;

namespace Charm.TokenDistributor.Tests.Protocol;

/// <summary>
/// What the protocol knows of a join token: microcluster's form (standard base64 of a JSON object with a
/// <c>secret</c>), the fingerprint the bootstrap-grant extension carries, and the texts that must never be logged.
/// </summary>
public sealed class JoinTokensTests
{
    [Fact]
    public void A_token_the_fake_daemon_issues_looks_like_a_token()
    {
        var token = new MicroclusterNodes().With("node-a").Issue("node-b");

        Assert.True(JoinTokens.LooksLikeToken(token));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("joined")]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE-----")]
    [InlineData("eyJub3QiOiJhIHRva2VuIn0=")]
    [InlineData("eyJzZWNyZXQiOiJ4In0")]
    [InlineData("bm90IGpzb24gYXQgYWxsLCBqdXN0IHRleHQ=")]
    public void Other_mirrored_values_do_not(string value)
    {
        // The placeholder, the joined marker, data published with AddToMirror, base64 JSON without a secret, base64 that
        // is not padded, base64 of text that is not JSON.
        Assert.False(JoinTokens.LooksLikeToken(value));
    }

    [Fact]
    public void The_fingerprint_is_the_first_16_lowercase_hex_digits_of_the_sha256_of_the_utf8_token()
    {
        var token = Tokens.Shaped("node-b", 1);

        var fingerprint = JoinTokens.Fingerprint(token);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16], fingerprint);
        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
        Assert.DoesNotContain(fingerprint, token, StringComparison.Ordinal);
        Assert.NotEqual(fingerprint, JoinTokens.Fingerprint(Tokens.Shaped("node-b", 2)));
    }

    [Fact]
    public void The_secrets_of_a_token_are_the_token_as_given_trimmed_and_the_secret_inside_it()
    {
        var token = Tokens.Shaped("node-b", 1);

        Assert.Equal([" " + token + "\n", token, Tokens.SecretOf(token)], JoinTokens.SecretsOf(" " + token + "\n"));
        Assert.Equal(["x", "x"], JoinTokens.SecretsOf("x"));
    }
}

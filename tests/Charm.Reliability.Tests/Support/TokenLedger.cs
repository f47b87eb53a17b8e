using System.Text;
using System.Text.Json;

namespace Charm.Reliability.Tests.Support;

/// <summary>
/// Every join token a charm of one world saw (and the secret inside each), so that logs, statuses and error texts can
/// be searched for them. Tokens are recorded by the consumer charm when the library reports a generated token, and by
/// the runner from the databags.
/// </summary>
internal sealed class TokenLedger
{
    /// <summary>The base64 of <c>{"secret":</c>: every token the fake cluster issues starts with it.</summary>
    public const string TokenPrefix = "eyJzZWNyZXQiOi";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    /// <summary>The tokens and secrets seen so far.</summary>
    public IReadOnlyCollection<string> Secrets
    {
        get
        {
            lock (_gate)
            {
                return [.. _secrets];
            }
        }
    }

    /// <summary>Records <paramref name="value"/> if it is a join token: the token itself and the secret it carries.</summary>
    public void Record(string? value)
    {
        if (value is null || !value.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Add(value))
            {
                return;
            }

            if (SecretOf(value) is { Length: > 0 } secret)
            {
                _secrets.Add(secret);
            }
        }
    }

    /// <summary>The first secret <paramref name="text"/> holds, or <see langword="null"/>.</summary>
    public string? FindIn(string text)
    {
        if (text.Contains(TokenPrefix, StringComparison.Ordinal))
        {
            return TokenPrefix + "…";
        }

        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    return secret;
                }
            }
        }

        return null;
    }

    private static string? SecretOf(string token)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            return document.RootElement.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.String ? secret.GetString() : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

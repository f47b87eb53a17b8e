using System.Text.Json;

namespace Charm.TokenDistributor.Protocol;

/// <summary>microcluster's join token format: standard base64 of a JSON object that carries a <c>secret</c>.</summary>
internal static class JoinTokenFormat
{
    /// <summary>
    /// The <c>secret</c> member of <paramref name="value"/> when it decodes as a join token (base64 white space is
    /// ignored, as <see cref="Convert"/> does); <see langword="false"/> for anything else.
    /// </summary>
    public static bool TryGetSecret(string value, out JsonElement secret)
    {
        secret = default;
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("secret", out var member))
            {
                secret = member.Clone();
                return true;
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Not JSON (or not readable text): not a join token.
        }

        return false;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace Charm.Simulator.Microcluster;

/// <summary>
/// The token wire form: standard base64 of <c>{"secret":…,"fingerprint":…,"join_addresses":[…]}</c>.
/// Error texts never quote the token: it is a cluster credential.
/// </summary>
internal static class JoinTokenCodec
{
    public static string Encode(string secret, string fingerprint, IEnumerable<string> joinAddresses)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("secret", secret);
            writer.WriteString("fingerprint", fingerprint);
            writer.WriteStartArray("join_addresses");
            foreach (string address in joinAddresses)
            {
                writer.WriteStringValue(address);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static bool TryDecode(string token, [NotNullWhen(true)] out DecodedJoinToken? decoded, out string error)
    {
        decoded = null;
        if (string.IsNullOrEmpty(token))
        {
            error = "the token is empty";
            return false;
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(token);
        }
        catch (FormatException)
        {
            error = "the token is not valid base64";
            return false;
        }

        if (!Utf8.IsValid(json))
        {
            error = "the token is not valid UTF-8";
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the token does not hold a JSON object";
                return false;
            }

            if (!TryGetString(root, "secret", out string? secret) || secret.Length == 0)
            {
                error = "the token has no secret";
                return false;
            }

            if (!TryGetString(root, "fingerprint", out string? fingerprint) || fingerprint.Length == 0)
            {
                error = "the token has no fingerprint";
                return false;
            }

            if (!root.TryGetProperty("join_addresses", out JsonElement addresses)
                || addresses.ValueKind != JsonValueKind.Array
                || addresses.GetArrayLength() == 0)
            {
                error = "the token has no join addresses";
                return false;
            }

            var joinAddresses = new List<string>(addresses.GetArrayLength());
            foreach (JsonElement address in addresses.EnumerateArray())
            {
                if (address.ValueKind != JsonValueKind.String)
                {
                    error = "the token has a join address that is not a string";
                    return false;
                }

                joinAddresses.Add(address.GetString()!);
            }

            decoded = new DecodedJoinToken(secret, fingerprint, joinAddresses);
            error = string.Empty;
            return true;
        }
        catch (JsonException)
        {
            error = "the token does not hold valid JSON";
            return false;
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString of a string escaping a lone surrogate ("\udc00") cannot be read as text.
            error = "the token holds a string that is not valid Unicode";
            return false;
        }
    }

    /// <summary>Whether <paramref name="word"/> is a join token, for redaction of logged arguments.</summary>
    public static bool LooksLikeToken(string word) =>
        word.Length >= 16 && word[0] != '-' && TryDecode(word, out _, out _);

    private static bool TryGetString(JsonElement obj, string name, [NotNullWhen(true)] out string? value)
    {
        value = obj.TryGetProperty(name, out JsonElement element) && element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : null;
        return value is not null;
    }
}

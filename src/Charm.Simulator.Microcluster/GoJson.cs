using System.Text.Encodings.Web;
using System.Text.Json;

namespace Charm.Simulator.Microcluster;

/// <summary>JSON written the way Go's <c>encoding/json</c> writes it, so output matches the real daemon's.</summary>
internal static class GoJson
{
    /// <summary>
    /// Go leaves <c>+</c>, <c>/</c> and <c>=</c> (base64 in certificates) literal, as this encoder does. Go also
    /// escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, which this encoder does not; none occur in what the fake
    /// writes unless a test configures them into the extensions.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

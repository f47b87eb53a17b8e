namespace Charm.Simulator.Model;

/// <summary>One side of a relation: an application and one of its endpoints, written <c>app:endpoint</c>.</summary>
/// <param name="Application">The application name.</param>
/// <param name="Endpoint">The endpoint name, as the charm's metadata declares it.</param>
public readonly record struct RelationEndpoint(string Application, string Endpoint)
{
    /// <summary>Parses <c>app:endpoint</c>, or just <c>app</c> (the endpoint is then left empty to be inferred).</summary>
    /// <exception cref="FormatException">The text is empty or has an empty part.</exception>
    public static RelationEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var app = colon < 0 ? text : text[..colon];
        var endpoint = colon < 0 ? "" : text[(colon + 1)..];
        if (app.Length == 0 || (colon >= 0 && endpoint.Length == 0))
        {
            throw new FormatException($"'{text}' is not an endpoint; write '<application>:<endpoint>', e.g. 'microovn:cluster'.");
        }

        return new RelationEndpoint(app, endpoint);
    }

    /// <inheritdoc />
    public override string ToString() => Endpoint.Length == 0 ? Application : Application + ":" + Endpoint;
}

using System.Globalization;

namespace Charm.Framework.Model;

/// <summary>A relation's identity as Juju writes it: the endpoint and the number, <c>cluster:7</c>.</summary>
/// <param name="Endpoint">The local endpoint name, e.g. <c>cluster</c>.</param>
/// <param name="Number">The relation number, unique in the model.</param>
public readonly record struct RelationId(string Endpoint, int Number)
{
    /// <summary>The form hook tools take after <c>-r</c> and Juju puts in <c>JUJU_RELATION_ID</c>: <c>cluster:7</c>.</summary>
    public override string ToString() => Endpoint + ":" + Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>endpoint:number</c>; the number is what follows the last <c>:</c>.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static RelationId Parse(string text)
    {
        if (TryParse(text, out var id))
        {
            return id;
        }

        throw new FormatException($"'{text}' is not a relation id; Juju writes relation ids as '<endpoint>:<number>', e.g. 'cluster:7'.");
    }

    /// <summary>Parses <c>endpoint:number</c> without throwing.</summary>
    public static bool TryParse(string? text, out RelationId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        id = new RelationId(text[..colon], number);
        return true;
    }
}

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>
/// Reads the endpoint declarations of <c>charmcraft.yaml</c> / <c>metadata.yaml</c>: the top-level <c>requires</c>,
/// <c>provides</c> and <c>peers</c> mappings, each endpoint's name and its <c>interface</c>, in block style or as a
/// one-line flow mapping (<c>cluster: {interface: microcluster}</c>). Everything else in the file is skipped: this
/// is the subset of YAML charm metadata uses for endpoints, not a YAML parser.
/// </summary>
internal static class CharmMetadataReader
{
    /// <summary>The endpoints <paramref name="text"/> declares, in file order.</summary>
    public static IReadOnlyList<EndpointDeclaration> Read(SourceText text)
    {
        var endpoints = new List<EndpointDeclaration>();
        EndpointRole? section = null;
        var endpointIndent = -1;
        var childIndent = -1;
        string? current = null;
        string? currentInterface = null;

        void Flush()
        {
            if (current is not null && section is { } role)
            {
                endpoints.Add(new EndpointDeclaration(current, role, currentInterface));
            }

            current = null;
            currentInterface = null;
            childIndent = -1;
        }

        foreach (var (indent, body, _) in YamlLines.Of(text))
        {
            if (indent == 0)
            {
                Flush();
                section = null;
                endpointIndent = -1;
                if (SplitKey(body, out var top, out var rest))
                {
                    section = top switch
                    {
                        "requires" => EndpointRole.Requires,
                        "provides" => EndpointRole.Provides,
                        "peers" => EndpointRole.Peers,
                        _ => null,
                    };
                    if (section is not null && rest.StartsWith("{", StringComparison.Ordinal))
                    {
                        // requires: {cluster: {interface: microcluster}}
                        ReadFlowSection(rest, section.Value, endpoints);
                        section = null;
                    }
                }

                continue;
            }

            if (section is null)
            {
                continue;
            }

            if (endpointIndent < 0)
            {
                endpointIndent = indent;
            }

            if (indent == endpointIndent)
            {
                Flush();
                if (SplitKey(body, out var name, out var rest))
                {
                    current = name;
                    currentInterface = rest.StartsWith("{", StringComparison.Ordinal) ? FlowValue(rest, "interface") : null;
                }
            }
            else if (indent > endpointIndent && current is not null)
            {
                if (childIndent < 0)
                {
                    childIndent = indent;
                }

                if (indent == childIndent && SplitKey(body, out var key, out var value) && key == "interface" && value.Length > 0)
                {
                    currentInterface = Unquote(value);
                }
            }
        }

        Flush();
        return endpoints;
    }

    private static void ReadFlowSection(string flow, EndpointRole role, List<EndpointDeclaration> endpoints)
        => ForEachFlowEntry(flow, (name, rest) => endpoints.Add(
            new EndpointDeclaration(name, role, rest.StartsWith("{", StringComparison.Ordinal) ? FlowValue(rest, "interface") : null)));

    /// <summary>
    /// Calls <paramref name="entry"/> with each key of a one-line flow mapping and the text of its value, e.g.
    /// <c>{a: {interface: x}, b: {interface: y}}</c>: the outer mapping split at its top-level commas.
    /// </summary>
    internal static void ForEachFlowEntry(string flow, Action<string, string> entry)
    {
        var inner = flow.Trim().TrimStart('{');
        if (inner.EndsWith("}", StringComparison.Ordinal))
        {
            inner = inner.Substring(0, inner.Length - 1);
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= inner.Length; i++)
        {
            if (i < inner.Length && inner[i] == '{')
            {
                depth++;
            }
            else if (i < inner.Length && inner[i] == '}')
            {
                depth--;
            }
            else if (i == inner.Length || (inner[i] == ',' && depth == 0))
            {
                if (SplitKey(inner.Substring(start, i - start).Trim(), out var name, out var rest))
                {
                    entry(name, rest);
                }

                start = i + 1;
            }
        }
    }

    /// <summary>The value of <paramref name="key"/> in a one-line flow mapping such as <c>{interface: x, limit: 1}</c>.</summary>
    internal static string? FlowValue(string flow, string key)
    {
        var inner = flow.Trim().TrimStart('{').TrimEnd('}');
        foreach (var pair in inner.Split(','))
        {
            if (SplitKey(pair.Trim(), out var k, out var v) && k == key && v.Length > 0)
            {
                return Unquote(v);
            }
        }

        return null;
    }

    /// <summary>Splits <c>key: rest</c> (the key may be quoted); false for a line that is not a mapping entry.</summary>
    internal static bool SplitKey(string body, out string key, out string rest)
    {
        key = "";
        rest = "";
        if (body.StartsWith("-", StringComparison.Ordinal) || body == "---" || body == "...")
        {
            return false;
        }

        int colon;
        if (body.Length > 0 && (body[0] == '"' || body[0] == '\''))
        {
            var close = body.IndexOf(body[0], 1);
            if (close < 0)
            {
                return false;
            }

            colon = body.IndexOf(':', close + 1);
        }
        else
        {
            colon = body.IndexOf(':');
        }

        // A mapping key ends with ':' followed by a space or the end of the line.
        while (colon >= 0 && colon + 1 < body.Length && body[colon + 1] != ' ')
        {
            colon = body.IndexOf(':', colon + 1);
        }

        if (colon <= 0)
        {
            return false;
        }

        key = Unquote(body.Substring(0, colon).Trim());
        rest = body.Substring(colon + 1).Trim();
        return key.Length > 0;
    }

    internal static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0]
            ? value.Substring(1, value.Length - 2)
            : value;
    }

    /// <summary>The line without a comment: <c>#</c> at its start or after white space, outside quotes.</summary>
    internal static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line.Substring(0, i);
            }
        }

        return line;
    }
}

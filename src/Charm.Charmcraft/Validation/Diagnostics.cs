using System.Collections.Generic;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft.Validation;

/// <summary>Collects the problems of one file; every rule reports and goes on, so an author sees them all at once.</summary>
internal sealed class Diagnostics
{
    private readonly List<CharmcraftDiagnostic> _all;

    public Diagnostics(string file, List<CharmcraftDiagnostic> all)
    {
        File = file;
        _all = all;
    }

    public string File { get; }

    public void Report(string code, YamlNode? at, string message) => Report(code, at?.Start ?? default, message);

    public void Report(string code, YamlMark at, string message) => _all.Add(new CharmcraftDiagnostic(code, File, at.Line, at.Column, message));

    public Diagnostics For(string file) => new(file, _all);

    /// <summary>The node as a mapping; reports that it must be one (under <paramref name="key"/>) when it is not.</summary>
    public YamlMap? Map(string code, YamlNode? node, string key, string example)
    {
        switch (node)
        {
            case null or YamlScalar { Kind: YamlScalarKind.Null }:
                return null;
            case YamlMap map:
                return map;
            default:
                Report(code, node, $"'{key}' must be a mapping, e.g. {example}.");
                return null;
        }
    }

    /// <summary>The node's string; reports that <paramref name="key"/> must be a string when it is not.</summary>
    public string? String(string code, YamlNode? node, string key)
    {
        switch (node)
        {
            case null or YamlScalar { Kind: YamlScalarKind.Null }:
                return null;
            case YamlScalar { Kind: YamlScalarKind.String } s:
                return s.Text;
            case YamlScalar s:
                Report(code, node, $"'{key}' is {s.Describe()}, not a string; put it in quotes: {Leaf(key)}: \"{s.Text}\".");
                return null;
            default:
                Report(code, node, $"'{key}' must be a string, not a {(node is YamlMap ? "mapping" : "list")}.");
                return null;
        }
    }

    /// <summary>The strings of a list; reports a non-list or a non-string item.</summary>
    public List<string>? Strings(string code, YamlNode? node, string key)
    {
        if (node is null or YamlScalar { Kind: YamlScalarKind.Null })
        {
            return null;
        }

        if (node is not YamlList list)
        {
            Report(code, node, $"'{key}' must be a list of strings, e.g. {Leaf(key)}: [amd64].");
            return null;
        }

        var strings = new List<string>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (String(code, list.Items[i], $"{key}[{i}]") is { } s)
            {
                strings.Add(s);
            }
        }

        return strings;
    }

    public static string Leaf(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot < 0 ? key : key.Substring(dot + 1);
    }
}

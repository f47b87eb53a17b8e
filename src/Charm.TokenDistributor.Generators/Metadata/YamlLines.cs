using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>One meaningful line of a charm's YAML: its indent (spaces), its text without indent, comment and trailing blanks, and where it is.</summary>
/// <param name="Indent">The number of leading spaces.</param>
/// <param name="Body">The line's content after the indent.</param>
/// <param name="Line">The line in the file, for a diagnostic's location.</param>
internal readonly record struct YamlLine(int Indent, string Body, TextLine Line);

/// <summary>
/// The line walk the metadata readers share: every line of the file that holds something once its comment is gone,
/// with its indent. The readers then follow the block structure by indent; this is the subset of YAML charm metadata
/// uses, not a YAML parser.
/// </summary>
internal static class YamlLines
{
    /// <summary>The non-blank lines of <paramref name="text"/>, comments removed, in file order.</summary>
    public static IEnumerable<YamlLine> Of(SourceText text)
    {
        foreach (var line in text.Lines)
        {
            var content = CharmMetadataReader.StripComment(line.ToString());
            if (content.Trim().Length == 0)
            {
                continue;
            }

            var indent = 0;
            while (indent < content.Length && content[indent] == ' ')
            {
                indent++;
            }

            yield return new YamlLine(indent, content.Substring(indent).TrimEnd(), line);
        }
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>
/// Reads the action names <c>charmcraft.yaml</c> declares: the keys of its top-level <c>actions</c> mapping, in block
/// style (one key per line at the first indent under <c>actions:</c>) or as a one-line flow mapping
/// (<c>actions: {list-members: {}}</c>). Null when the file has no <c>actions</c> key at all.
/// </summary>
internal static class CharmActionsReader
{
    /// <summary>The actions <paramref name="text"/> declares, in file order; null without an <c>actions</c> key.</summary>
    public static IReadOnlyList<string>? Read(SourceText text)
    {
        List<string>? actions = null;
        var inActions = false;
        var keyIndent = -1;
        foreach (var (indent, body, _) in YamlLines.Of(text))
        {
            if (indent == 0)
            {
                inActions = false;
                if (CharmMetadataReader.SplitKey(body, out var top, out var rest) && top == "actions")
                {
                    actions ??= [];
                    inActions = rest.Length == 0;
                    keyIndent = -1;
                    if (rest.StartsWith("{", System.StringComparison.Ordinal))
                    {
                        CharmMetadataReader.ForEachFlowEntry(rest, (name, _) => actions.Add(name));
                    }
                }

                continue;
            }

            if (!inActions)
            {
                continue;
            }

            if (keyIndent < 0)
            {
                keyIndent = indent;
            }

            if (indent == keyIndent && CharmMetadataReader.SplitKey(body, out var action, out _))
            {
                actions!.Add(action);
            }
        }

        return actions;
    }
}

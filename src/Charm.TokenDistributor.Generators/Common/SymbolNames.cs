using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Common;

/// <summary>Cheap symbol-name tests that do not allocate a display string.</summary>
internal static class SymbolNames
{
    /// <summary>
    /// Whether <paramref name="type"/> is the top-level type <paramref name="metadataName"/> (namespace-qualified,
    /// dotted, e.g. <c>Charm.Framework.CharmBase</c>).
    /// </summary>
    public static bool Is(this ITypeSymbol? type, string metadataName)
    {
        if (type is null || type.ContainingType is not null)
        {
            return false;
        }

        var end = metadataName.Length;
        if (!EndsWithSegment(metadataName, end, type.MetadataName))
        {
            return false;
        }

        end -= type.MetadataName.Length;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (end == 0 || metadataName[end - 1] != '.')
            {
                return false;
            }

            end--;
            if (!EndsWithSegment(metadataName, end, ns.Name))
            {
                return false;
            }

            end -= ns.Name.Length;
        }

        return end == 0;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="metadataName"/> or derives from it.</summary>
    public static bool IsOrDerivesFrom(this ITypeSymbol? type, string metadataName)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Is(metadataName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithSegment(string text, int end, string segment)
        => end >= segment.Length && string.CompareOrdinal(text, end - segment.Length, segment, 0, segment.Length) == 0;
}

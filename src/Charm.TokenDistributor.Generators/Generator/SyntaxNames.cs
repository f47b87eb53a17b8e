using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// What a name written in source refers to, as far as syntax can tell without binding: whether an attribute's name
/// comes from a namespace (a <c>using</c>, a qualification, an enclosing namespace) and a name's last identifier.
/// </summary>
internal static class SyntaxNames
{
    /// <summary>Whether the attribute's name refers to <paramref name="ns"/>: fully qualified, or imported by a <c>using</c> of this file, or declared inside that namespace.</summary>
    public static bool IsFrom(AttributeSyntax attribute, string ns)
    {
        switch (attribute.Name)
        {
            case QualifiedNameSyntax qualified:
                return NameIs(qualified.Left, ns);
            case AliasQualifiedNameSyntax:
                return false;
        }

        var simple = LastName(attribute.Name);
        var imported = false;
        for (var node = attribute.Parent; node is not null; node = node.Parent)
        {
            SyntaxList<UsingDirectiveSyntax> usings;
            switch (node)
            {
                case BaseNamespaceDeclarationSyntax declaration:
                    if (Encloses(declaration, ns))
                    {
                        return true;
                    }

                    usings = declaration.Usings;
                    break;
                case CompilationUnitSyntax unit:
                    usings = unit.Usings;
                    break;
                default:
                    continue;
            }

            foreach (var directive in usings)
            {
                if (directive.Alias is { } alias)
                {
                    var aliasName = alias.Name.Identifier.ValueText;
                    if (aliasName == simple || aliasName + "Attribute" == simple || aliasName == simple + "Attribute")
                    {
                        // An alias could mean anything: let the binder decide.
                        return false;
                    }
                }
                else if (directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name is { } name && NameIs(name, ns))
                {
                    imported = true;
                }
            }
        }

        return imported;
    }

    /// <summary>Whether code inside <paramref name="declaration"/> sees the types of <paramref name="ns"/> without a using: it is declared in that namespace or below it.</summary>
    private static bool Encloses(BaseNamespaceDeclarationSyntax declaration, string ns)
    {
        var declarations = new List<BaseNamespaceDeclarationSyntax>();
        for (SyntaxNode? node = declaration; node is BaseNamespaceDeclarationSyntax current; node = node.Parent)
        {
            declarations.Add(current);
        }

        // Outermost declaration first, each name's identifiers left to right: the namespace's full name, in parts.
        var identifiers = new List<string>();
        for (var i = declarations.Count - 1; i >= 0; i--)
        {
            if (!AddIdentifiers(declarations[i].Name, identifiers))
            {
                return false;
            }
        }

        var position = 0;
        foreach (var identifier in identifiers)
        {
            if (!MatchIdentifier(identifier, ns, ref position))
            {
                return false;
            }

            if (position == ns.Length)
            {
                return true;
            }

            position++;
        }

        return false;
    }

    /// <summary>Adds the identifiers of <paramref name="name"/> left to right; false for a name that is not a plain dotted name.</summary>
    private static bool AddIdentifiers(NameSyntax name, List<string> identifiers)
    {
        switch (name)
        {
            case QualifiedNameSyntax qualified:
                if (!AddIdentifiers(qualified.Left, identifiers))
                {
                    return false;
                }

                identifiers.Add(qualified.Right.Identifier.ValueText);
                return true;
            case IdentifierNameSyntax identifier:
                identifiers.Add(identifier.Identifier.ValueText);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="name"/> (ignoring <c>global::</c> and trivia) spells the dotted <paramref name="dotted"/>, without allocating.</summary>
    public static bool NameIs(NameSyntax name, string dotted)
    {
        var position = 0;
        return MatchName(name, dotted, ref position) && position == dotted.Length;
    }

    /// <summary>Matches <paramref name="name"/> against <paramref name="dotted"/> from <paramref name="position"/>, advancing past the match.</summary>
    private static bool MatchName(NameSyntax name, string dotted, ref int position)
    {
        switch (name)
        {
            case QualifiedNameSyntax qualified:
                if (!MatchName(qualified.Left, dotted, ref position) || position >= dotted.Length)
                {
                    return false;
                }

                position++;
                return MatchIdentifier(qualified.Right.Identifier.ValueText, dotted, ref position);
            case AliasQualifiedNameSyntax alias when alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword):
                return MatchIdentifier(alias.Name.Identifier.ValueText, dotted, ref position);
            case IdentifierNameSyntax identifier:
                return MatchIdentifier(identifier.Identifier.ValueText, dotted, ref position);
            default:
                return false;
        }
    }

    /// <summary>Matches one identifier at <paramref name="position"/>; it must end at the end of <paramref name="dotted"/> or at a dot.</summary>
    private static bool MatchIdentifier(string identifier, string dotted, ref int position)
    {
        var end = position + identifier.Length;
        if (end > dotted.Length || string.CompareOrdinal(dotted, position, identifier, 0, identifier.Length) != 0
            || (end < dotted.Length && dotted[end] != '.'))
        {
            return false;
        }

        position = end;
        return true;
    }

    /// <summary>The rightmost identifier of a name or member access, e.g. <c>ConfigChangedEvent</c> for <c>Events.ConfigChangedEvent</c>.</summary>
    public static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}

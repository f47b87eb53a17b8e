using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Common;

/// <summary>Where in source an attribute, or one of its arguments, is written.</summary>
internal static class AttributeSyntaxLocations
{
    /// <summary>A token distributor attribute's relation argument as written, or null when it is missing or not a string.</summary>
    public static string? RelationOf(AttributeData attribute)
        => attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;

    /// <summary>The attribute's <paramref name="index"/>th positional argument, or the attribute when it has no such argument.</summary>
    public static Location Argument(AttributeData attribute, int index, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return Location.None;
        }

        var arguments = syntax.ArgumentList?.Arguments;
        return arguments is { } list && index < list.Count ? list[index].GetLocation() : syntax.GetLocation();
    }

    /// <summary>The named argument <paramref name="name"/> (<c>Relation = "x"</c>), or the attribute when it is not written.</summary>
    public static Location Named(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return Location.None;
        }

        if (syntax.ArgumentList is { } list)
        {
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.GetLocation();
                }
            }
        }

        return syntax.GetLocation();
    }

    /// <summary>The attribute as written.</summary>
    public static Location Of(AttributeData attribute, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
}

using System.Collections.Generic;
using System.Text;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Reads <c>[On]</c> handlers and <c>[MirrorKey]</c> properties from syntax alone, for the common way they are
/// written: the attribute named through a <c>using</c> of its namespace (or fully qualified), constant arguments
/// written as <c>JujuEventKind.X</c> and string literals, parameter and property types spelled by name. Anything else
/// (an alias, a constant expression, an unfamiliar type name) answers <see cref="SyntaxRead.NeedsSemantics"/> and the
/// parser binds that member instead.
/// </summary>
/// <remarks>
/// Why: the incremental driver reruns the transform for every attributed charm on every edit anywhere in the project
/// (the compilation changed), and binding each charm's members on a fresh compilation costs far more than reading
/// their syntax. The class itself and its attributes are already bound by <c>ForAttributeWithMetadataName</c>.
/// One shadowing case is not detected: a type named <c>OnAttribute</c> or <c>MirrorKeyAttribute</c> declared in the
/// charm's own namespace, which C# prefers over the imported one.
/// </remarks>
internal static class MemberSyntaxReader
{
    private const string EventsNamespace = "Charm.Framework.Events";
    private const string TokenDistributorNamespace = "Charm.TokenDistributor";

    /// <summary>Whether <paramref name="attribute"/> may be <c>[On]</c> (by its last name), so the method needs a closer look.</summary>
    public static bool MayBeOn(AttributeSyntax attribute) => LastName(attribute.Name) is "On" or "OnAttribute";

    /// <summary>Whether <paramref name="attribute"/> may be <c>[MirrorKey]</c> (by its last name).</summary>
    public static bool MayBeMirrorKey(AttributeSyntax attribute) => LastName(attribute.Name) is "MirrorKey" or "MirrorKeyAttribute";

    /// <summary>Reads every <c>[On]</c> of <paramref name="method"/> into <paramref name="handlers"/>.</summary>
    public static SyntaxRead ReadHandlers(MethodDeclarationSyntax method, List<HandlerSpec> handlers)
    {
        var found = new List<HandlerSpec>();
        foreach (var list in method.AttributeLists)
        {
            if (list.Target is not null)
            {
                return SyntaxRead.NeedsSemantics;
            }

            foreach (var attribute in list.Attributes)
            {
                if (!MayBeOn(attribute))
                {
                    continue;
                }

                if (!IsFrom(attribute, EventsNamespace))
                {
                    return SyntaxRead.NeedsSemantics;
                }

                if (!IsHandlerShape(method, out var isStatic, out var parameter))
                {
                    // Not a shape the generator wires (the analyzers report it); the semantic reader agrees.
                    return SyntaxRead.Done;
                }

                if (ReadOnArguments(attribute) is not { } arguments)
                {
                    return SyntaxRead.NeedsSemantics;
                }

                var (kind, endpoint) = arguments;
                if (kind == EventKind.Other)
                {
                    continue;
                }

                if (EventKinds.IsRelationEvent(kind))
                {
                    if (string.IsNullOrEmpty(endpoint))
                    {
                        continue;
                    }
                }
                else
                {
                    endpoint = null;
                }

                if (parameter is not null && !AcceptsEvent(parameter, kind))
                {
                    return SyntaxRead.NeedsSemantics;
                }

                found.Add(new HandlerSpec(method.Identifier.ValueText, isStatic, parameter is not null, kind, endpoint));
            }
        }

        foreach (var handler in found)
        {
            if (!handlers.Contains(handler))
            {
                handlers.Add(handler);
            }
        }

        return SyntaxRead.Done;
    }

    /// <summary>Reads a <c>[MirrorKey]</c> partial property; <paramref name="spec"/> is null when the property is not one the generator implements.</summary>
    public static SyntaxRead ReadMirrorKey(PropertyDeclarationSyntax property, out MirrorKeySpec? spec, out string? relation)
    {
        spec = null;
        relation = null;
        AttributeSyntax? mirrorKey = null;
        foreach (var list in property.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (!MayBeMirrorKey(attribute))
                {
                    continue;
                }

                if (list.Target is not null || !IsFrom(attribute, TokenDistributorNamespace))
                {
                    return SyntaxRead.NeedsSemantics;
                }

                mirrorKey ??= attribute;
            }
        }

        if (mirrorKey is null || property.Modifiers.Any(SyntaxKind.StaticKeyword) || property.ExpressionBody is not null
            || property.AccessorList is not { } accessorList)
        {
            return SyntaxRead.Done;
        }

        bool isNullable;
        switch (property.Type)
        {
            case PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword }:
                isNullable = false;
                break;
            case NullableTypeSyntax { ElementType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } }:
                isNullable = true;
                break;
            default:
                return SyntaxRead.NeedsSemantics;
        }

        string? key = null;
        foreach (var argument in mirrorKey.ArgumentList?.Arguments ?? default)
        {
            if (argument.Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal || argument.NameColon is not null)
            {
                return SyntaxRead.NeedsSemantics;
            }

            if (argument.NameEquals is null)
            {
                if (key is not null)
                {
                    return SyntaxRead.NeedsSemantics;
                }

                key = literal.Token.ValueText;
            }
            else if (argument.NameEquals.Name.Identifier.ValueText == "Relation")
            {
                relation = literal.Token.ValueText;
            }
            else
            {
                return SyntaxRead.NeedsSemantics;
            }
        }

        if (string.IsNullOrEmpty(key))
        {
            relation = null;
            return SyntaxRead.Done;
        }

        var accessors = new List<AccessorSpec>(accessorList.Accessors.Count);
        foreach (var accessor in accessorList.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                relation = null;
                return SyntaxRead.Done;
            }

            accessors.Add(new AccessorSpec(JoinModifiers(accessor.Modifiers), accessor.Keyword.ValueText));
        }

        spec = new MirrorKeySpec(property.Identifier.ValueText, key!, string.Empty, JoinModifiers(property.Modifiers), isNullable, accessors.ToEquatableArray());
        return SyntaxRead.Done;
    }

    /// <summary>Whether the constructor takes one <c>CharmContext</c> (by name) and is visible to other classes of the assembly.</summary>
    public static bool IsContextConstructor(ConstructorDeclarationSyntax constructor)
        => constructor.ParameterList.Parameters.Count == 1
            && constructor.ParameterList.Parameters[0].Modifiers.Count == 0
            && constructor.ParameterList.Parameters[0].Type is { } type && LastName(type) == "CharmContext"
            && (constructor.Modifiers.Any(SyntaxKind.PublicKeyword) || constructor.Modifiers.Any(SyntaxKind.InternalKeyword))
            && !constructor.Modifiers.Any(SyntaxKind.PrivateKeyword);

    /// <summary>Whether a primary constructor takes one <c>CharmContext</c> (by name).</summary>
    public static bool IsContextParameterList(ParameterListSyntax parameters)
        => parameters.Parameters.Count == 1 && parameters.Parameters[0].Modifiers.Count == 0
            && parameters.Parameters[0].Type is { } type && LastName(type) == "CharmContext";

    /// <summary>Modifiers as written, space-separated.</summary>
    public static string JoinModifiers(SyntaxTokenList modifiers)
    {
        if (modifiers.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var modifier in modifiers)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(modifier.ValueText);
        }

        return builder.ToString();
    }

    private static bool IsHandlerShape(MethodDeclarationSyntax method, out bool isStatic, out TypeSyntax? parameter)
    {
        isStatic = method.Modifiers.Any(SyntaxKind.StaticKeyword);
        parameter = null;
        if (method.TypeParameterList is not null || method.ExplicitInterfaceSpecifier is not null
            || method.ReturnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            || method.ParameterList.Parameters.Count > 1)
        {
            return false;
        }

        if (method.ParameterList.Parameters.Count == 1)
        {
            var single = method.ParameterList.Parameters[0];
            if (single.Modifiers.Count > 0 || single.Type is null)
            {
                return false;
            }

            parameter = single.Type;
        }

        return true;
    }

    private static (EventKind Kind, string? Endpoint)? ReadOnArguments(AttributeSyntax attribute)
    {
        if (attribute.ArgumentList is not { Arguments: { Count: 1 or 2 } arguments })
        {
            return null;
        }

        foreach (var argument in arguments)
        {
            if (argument.NameEquals is not null || argument.NameColon is not null)
            {
                return null;
            }
        }

        if (arguments[0].Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access
            || LastName(access.Expression) != "JujuEventKind" || !EventKinds.TryParse(member.Identifier.ValueText, out var kind))
        {
            return null;
        }

        string? endpoint = null;
        if (arguments.Count == 2)
        {
            if (arguments[1].Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
            {
                return null;
            }

            endpoint = literal.Token.ValueText;
        }

        return (kind, endpoint);
    }

    private static bool AcceptsEvent(TypeSyntax parameter, EventKind kind)
    {
        if (parameter is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.ObjectKeyword })
        {
            return true;
        }

        var name = LastName(parameter);
        return name == EventKinds.ClassName(kind) || name is "HookEvent" or "EventBase"
            || (name == "RelationEvent" && EventKinds.IsRelationEvent(kind));
    }

    /// <summary>Whether the attribute's name refers to <paramref name="ns"/>: fully qualified, or imported by a <c>using</c> of this file, or declared inside that namespace.</summary>
    private static bool IsFrom(AttributeSyntax attribute, string ns)
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
    private static bool NameIs(NameSyntax name, string dotted)
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
    private static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}

/// <summary>The outcome of a syntactic read.</summary>
internal enum SyntaxRead
{
    /// <summary>Syntax told everything (possibly that there is nothing to generate).</summary>
    Done,

    /// <summary>Syntax cannot tell for sure; bind the member.</summary>
    NeedsSemantics,
}

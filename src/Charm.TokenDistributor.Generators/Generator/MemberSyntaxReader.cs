using System.Collections.Generic;
using System.Text;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Reads <c>[On]</c> handlers (and, for <see cref="MirrorKeyReader"/>, member shapes) from syntax alone, for the common way they are
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

    /// <summary>Whether <paramref name="attribute"/> may be <c>[On]</c> (by its last name), so the method needs a closer look.</summary>
    public static bool MayBeOn(AttributeSyntax attribute) => SyntaxNames.LastName(attribute.Name) is "On" or "OnAttribute";

    /// <summary>Whether <paramref name="attribute"/> may be <c>[MirrorKey]</c> (by its last name).</summary>
    public static bool MayBeMirrorKey(AttributeSyntax attribute) => SyntaxNames.LastName(attribute.Name) is "MirrorKey" or "MirrorKeyAttribute";

    /// <summary>
    /// Reads every <c>[On]</c> of <paramref name="method"/> into <paramref name="handlers"/>, and where each relation
    /// event names its endpoint into <paramref name="endpoints"/>.
    /// </summary>
    public static SyntaxRead ReadHandlers(MethodDeclarationSyntax method, List<HandlerSpec> handlers, List<EndpointUse> endpoints)
    {
        var found = new List<(HandlerSpec Handler, Location Location)>();
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

                if (!SyntaxNames.IsFrom(attribute, EventsNamespace))
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

                if (EventKinds.NeedsName(kind) ? string.IsNullOrEmpty(endpoint) : endpoint is not null)
                {
                    // A relation event or action without its name, or another event with one: not wired (HandlerShape says why).
                    continue;
                }

                if (parameter is not null && !AcceptsEvent(parameter, kind))
                {
                    return SyntaxRead.NeedsSemantics;
                }

                found.Add((new HandlerSpec(method.Identifier.ValueText, isStatic, parameter is not null, kind, endpoint), attribute.GetLocation()));
            }
        }

        foreach (var (handler, location) in found)
        {
            Add(handler, location, handlers, endpoints);
        }

        return SyntaxRead.Done;
    }

    /// <summary>Adds a handler once, and the endpoint of a relation event (or an action's name) where its <c>[On]</c> is written.</summary>
    public static void Add(HandlerSpec handler, Location location, List<HandlerSpec> handlers, List<EndpointUse> endpoints)
    {
        if (handlers.Contains(handler))
        {
            return;
        }

        handlers.Add(handler);

        // A storage name is not an endpoint: it is not checked against the endpoints the metadata declares.
        if (handler.Endpoint is { } endpoint && !EventKinds.IsStorageEvent(handler.Kind))
        {
            endpoints.Add(new EndpointUse(endpoint, null, handler.MethodName, location, handler.Kind == EventKind.Action));
        }
    }

    /// <summary>Whether the constructor takes one <c>CharmContext</c> (by name) and is visible to other classes of the assembly.</summary>
    public static bool IsContextConstructor(ConstructorDeclarationSyntax constructor)
        => constructor.ParameterList.Parameters.Count == 1
            && constructor.ParameterList.Parameters[0].Modifiers.Count == 0
            && constructor.ParameterList.Parameters[0].Type is { } type && SyntaxNames.LastName(type) == "CharmContext"
            && (constructor.Modifiers.Any(SyntaxKind.PublicKeyword) || constructor.Modifiers.Any(SyntaxKind.InternalKeyword))
            && !constructor.Modifiers.Any(SyntaxKind.PrivateKeyword);

    /// <summary>Whether a primary constructor takes one <c>CharmContext</c> (by name).</summary>
    public static bool IsContextParameterList(ParameterListSyntax parameters)
        => parameters.Parameters.Count == 1 && parameters.Parameters[0].Modifiers.Count == 0
            && parameters.Parameters[0].Type is { } type && SyntaxNames.LastName(type) == "CharmContext";

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
            || SyntaxNames.LastName(access.Expression) != "JujuEventKind" || !EventKinds.TryParse(member.Identifier.ValueText, out var kind))
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

        var name = SyntaxNames.LastName(parameter);
        return name == EventKinds.ClassName(kind) || name is "HookEvent" or "EventBase"
            || (name == "RelationEvent" && EventKinds.IsRelationEvent(kind));
    }
}

/// <summary>The outcome of a syntactic read.</summary>
internal enum SyntaxRead
{
    /// <summary>Syntax told everything (possibly that there is nothing to generate).</summary>
    Done,

    /// <summary>Syntax cannot tell for sure; bind the member.</summary>
    NeedsSemantics,
}

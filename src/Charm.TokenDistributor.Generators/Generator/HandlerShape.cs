using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Whether one <c>[On]</c> attribute on a method is one the generator wires, and if not, why. The generator's parser
/// and the CTD3003 analyzer both ask this, so what the generator leaves out is exactly what the analyzer reports.
/// </summary>
internal static class HandlerShape
{
    private const string EventsNamespace = "Charm.Framework.Events.";

    /// <summary>
    /// Null when the generator wires <paramref name="method"/> for <paramref name="attribute"/> (<paramref name="kind"/>
    /// and <paramref name="endpoint"/> then say for which event); otherwise why it does not, as a sentence fragment.
    /// </summary>
    public static string? Problem(IMethodSymbol method, AttributeData attribute, out EventKind kind, out string? endpoint)
    {
        kind = EventKind.Other;
        endpoint = null;
        if (method.MethodKind != MethodKind.Ordinary)
        {
            return method.MethodKind switch
            {
                MethodKind.LocalFunction => "it is a local function; only methods of the charm class are wired",
                MethodKind.AnonymousFunction => "it is a lambda; only methods of the charm class are wired",
                _ => "only ordinary methods of the charm class are wired",
            };
        }

        if (method.IsGenericMethod)
        {
            return "a generic method cannot be wired";
        }

        if (!method.ReturnsVoid)
        {
            return "a handler returns void";
        }

        if (method.Parameters.Length > 1)
        {
            return "a handler takes the event or nothing, not several parameters";
        }

        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not int value
            || value <= (int)EventKind.Other || value > (int)EventKinds.Last)
        {
            return "the event kind is not one the generator knows";
        }

        kind = (EventKind)value;
        if (EventKinds.IsRelationEvent(kind))
        {
            if (attribute.ConstructorArguments.Length < 2 || attribute.ConstructorArguments[1].Value is not string { Length: > 0 } given)
            {
                return "a relation event needs its endpoint, e.g. [On(JujuEventKind." + EventKinds.Name(kind) + ", \"cluster\")]";
            }

            endpoint = given;
        }
        else if (kind == EventKind.Action)
        {
            if (attribute.ConstructorArguments.Length < 2 || attribute.ConstructorArguments[1].Value is not string { Length: > 0 } action)
            {
                return "an action needs its name, e.g. [On(JujuEventKind.Action, \"list-members\")]";
            }

            endpoint = action;
        }
        else if (EventKinds.IsStorageEvent(kind))
        {
            if (attribute.ConstructorArguments.Length < 2 || attribute.ConstructorArguments[1].Value is not string { Length: > 0 } storage)
            {
                return "a storage event needs its storage's name, e.g. [On(JujuEventKind." + EventKinds.Name(kind) + ", \"data\")]";
            }

            endpoint = storage;
        }
        else if (attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1].Value is string ignored)
        {
            return EventKinds.Name(kind) + " is not a relation event, so it takes no endpoint: remove \"" + ignored
                + "\" (or observe a relation event, e.g. [On(JujuEventKind.RelationChanged, \"" + ignored + "\")])";
        }

        if (method.Parameters.Length == 1
            && (method.Parameters[0].RefKind != RefKind.None || !AcceptsEvent(method.Parameters[0].Type, kind)))
        {
            return "its parameter does not accept " + EventKinds.ClassName(kind) + " (take that class, a base of it, or nothing)";
        }

        return null;
    }

    private static bool AcceptsEvent(ITypeSymbol parameter, EventKind kind)
        => parameter.SpecialType == SpecialType.System_Object
            || parameter.Is(EventsNamespace + EventKinds.ClassName(kind))
            || parameter.Is(EventsNamespace + "HookEvent")
            || parameter.Is(EventsNamespace + "EventBase")
            || (EventKinds.IsRelationEvent(kind) && parameter.Is(EventsNamespace + "RelationEvent"))
            || (EventKinds.IsStorageEvent(kind) && parameter.Is(EventsNamespace + "StorageEvent"));
}

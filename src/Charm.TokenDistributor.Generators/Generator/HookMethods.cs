using System;
using System.Collections.Generic;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Which generated partial hooks (<c>On{Relation}{Hook}</c>) the class implements, and CTD4014 for a method that looks
/// like one but implements none: a near name ("did you mean"), a name after a relation the class does not consume, the
/// hook's name with another signature, or the right method without <c>partial</c>. The compiler's own error for these
/// (CS0759, CS0111) comes after the generator's, and says nothing of the hooks.
/// </summary>
internal static class HookMethods
{
    private const string EventsNamespace = "Charm.TokenDistributor.Events.";

    /// <summary>
    /// The hooks each completed consumer (by its member name) has implemented in <paramref name="methods"/>; a
    /// diagnostic for each method that misses.
    /// </summary>
    /// <param name="consumers">The consumers the generator completes.</param>
    /// <param name="namedConsumers">The member names of every consumer relation an attribute names, completed or not.</param>
    /// <param name="methods">The class's methods that may be hooks.</param>
    /// <param name="bind">Binds a method whose parameter type syntax cannot tell.</param>
    /// <param name="diagnostics">Receives CTD4014.</param>
    public static Dictionary<string, List<ConsumerHook>> Match(
        IReadOnlyList<ConsumerAttributeInfo> consumers,
        HashSet<string> namedConsumers,
        IReadOnlyList<HookMethodCandidate> methods,
        Func<MethodDeclarationSyntax, IMethodSymbol?> bind,
        List<DiagnosticInfo> diagnostics)
    {
        var generated = new Dictionary<string, ConsumerHook>(StringComparer.Ordinal);
        var implemented = new Dictionary<string, List<ConsumerHook>>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var consumer in consumers)
        {
            implemented[consumer.PropertyName] = [];
            foreach (var hook in Naming.ConsumerHooks)
            {
                var name = Naming.HookMethodName(consumer.PropertyName, hook);
                generated[name] = hook;
                owners[name] = consumer.PropertyName;
            }
        }

        var definitions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            if (method.IsPartial && !method.HasBody)
            {
                definitions.Add(method.Name);
            }
        }

        foreach (var method in methods)
        {
            if (generated.TryGetValue(method.Name, out var hook))
            {
                if (method.IsPartial && method.HasBody && Takes(method, hook, bind))
                {
                    var hooks = implemented[owners[method.Name]];
                    if (!hooks.Contains(hook))
                    {
                        hooks.Add(hook);
                    }
                }
                else if (method.IsPartial && method.HasBody && !definitions.Contains(method.Name))
                {
                    Report(method, "implements the generated hook with another signature: declare it '" + Signature(method.Name, hook) + "'", diagnostics);
                }
                else if (!method.IsPartial && method.ParameterCount == 1 && Takes(method, hook, bind))
                {
                    Report(method, "has the name and parameter of a generated hook but is not partial, so it is not the hook: declare it '" + Signature(method.Name, hook) + "'", diagnostics);
                }

                continue;
            }

            if (method.IsPartial && method.HasBody && !definitions.Contains(method.Name) && Miss(method.Name, consumers, namedConsumers, generated) is { } miss)
            {
                Report(method, miss, diagnostics);
            }
        }

        return implemented;
    }

    /// <summary>The hook's declaration, e.g. <c>partial void OnClusterJoined(ClusterJoinedEvent e)</c>.</summary>
    public static string Signature(string name, ConsumerHook hook)
        => "partial void " + name + "(" + ParameterType(hook) + (IsArgumentHook(hook) ? " args)" : " e)");

    /// <summary>Why a partial method named <paramref name="name"/> implements no hook, or null when it is not ours to judge.</summary>
    private static string? Miss(string name, IReadOnlyList<ConsumerAttributeInfo> consumers, HashSet<string> namedConsumers, Dictionary<string, ConsumerHook> generated)
    {
        string? closest = null;
        var best = int.MaxValue;
        foreach (var candidate in generated.Keys)
        {
            var distance = EditDistance.Between(name, candidate);
            if (distance < best || (distance == best && string.CompareOrdinal(candidate, closest) < 0))
            {
                best = distance;
                closest = candidate;
            }
        }

        if (closest is not null && best <= 2)
        {
            return "implements no generated hook; did you mean '" + closest + "'?";
        }

        if (!name.StartsWith("On", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var hook in Naming.ConsumerHooks)
        {
            var suffix = Naming.HookSuffix(hook);
            if (name.Length <= 2 + suffix.Length || !name.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var infix = name.Substring(2, name.Length - 2 - suffix.Length);
            if (namedConsumers.Contains(infix))
            {
                // A relation whose attribute was left out; its diagnostic says why.
                return null;
            }

            if (consumers.Count == 0)
            {
                return "implements no generated hook: hooks belong to a [TokenDistributorConsumer] relation, and this class completes none";
            }

            var hooks = new List<string>(consumers.Count);
            foreach (var consumer in consumers)
            {
                hooks.Add("'" + Naming.HookMethodName(consumer.PropertyName, hook) + "' (relation '" + consumer.Relation + "')");
            }

            return "implements no generated hook: hooks are named after the class's consumer relations, which give " + string.Join(", ", hooks)
                + "; no relation of this class is named '" + infix + "'";
        }

        return null;
    }

    private static void Report(HookMethodCandidate method, string problem, List<DiagnosticInfo> diagnostics)
        => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HookMethodMismatch, method.Location, method.Name, problem));

    /// <summary>Whether the method takes the hook's one parameter: by the type's name, or when that cannot tell, bound.</summary>
    private static bool Takes(HookMethodCandidate method, ConsumerHook hook, Func<MethodDeclarationSyntax, IMethodSymbol?> bind)
    {
        if (method.ParameterCount != 1)
        {
            return false;
        }

        if (method.ParameterType is { } type && NameMatches(type, hook))
        {
            return true;
        }

        if (bind(method.Syntax) is not { Parameters.Length: 1 } symbol || symbol.Parameters[0] is not { RefKind: RefKind.None } parameter)
        {
            return false;
        }

        return IsArgumentHook(hook)
            ? parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } list && list.TypeArguments[0].SpecialType == SpecialType.System_String
                && list.OriginalDefinition.Is("System.Collections.Generic.List`1")
            : parameter.Type.Is(EventsNamespace + ParameterType(hook));
    }

    private static bool NameMatches(TypeSyntax type, ConsumerHook hook)
    {
        if (!IsArgumentHook(hook))
        {
            return SyntaxNames.LastName(type) == ParameterType(hook);
        }

        var generic = type switch
        {
            GenericNameSyntax name => name,
            QualifiedNameSyntax { Right: GenericNameSyntax name } => name,
            _ => null,
        };
        return generic is { Identifier.ValueText: "List", TypeArgumentList.Arguments.Count: 1 }
            && generic.TypeArgumentList.Arguments[0] is PredefinedTypeSyntax { Keyword.ValueText: "string" };
    }

    private static bool IsArgumentHook(ConsumerHook hook) => hook is ConsumerHook.BootstrapArguments or ConsumerHook.JoinArguments;

    /// <summary>The hook's parameter type as an author writes it.</summary>
    private static string ParameterType(ConsumerHook hook) => hook switch
    {
        ConsumerHook.PreBootstrap => "ClusterPreBootstrapEvent",
        ConsumerHook.Bootstrapped => "ClusterBootstrappedEvent",
        ConsumerHook.PreJoin => "ClusterPreJoinEvent",
        ConsumerHook.Joined => "ClusterJoinedEvent",
        ConsumerHook.TokenGenerated => "TokenGeneratedEvent",
        _ => "List<string>",
    };
}

/// <summary>A method of the class that may be (or be meant as) a generated hook.</summary>
/// <param name="Name">Its name.</param>
/// <param name="IsPartial">Whether it is declared <c>partial</c>.</param>
/// <param name="HasBody">Whether it has a body (an implementing declaration, for a partial method).</param>
/// <param name="ParameterCount">How many parameters it takes.</param>
/// <param name="ParameterType">The type syntax of its one parameter, or null.</param>
/// <param name="Location">Its name in source.</param>
/// <param name="Syntax">The declaration, to bind when the parameter's type name cannot tell.</param>
internal sealed record HookMethodCandidate(string Name, bool IsPartial, bool HasBody, int ParameterCount, TypeSyntax? ParameterType, Location Location, MethodDeclarationSyntax Syntax);

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Charm.TokenDistributor.Generators.Metadata;
using Microsoft.CodeAnalysis;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// The class's <c>[TokenDistributorConsumer]</c> and <c>[TokenDistributorProvider]</c> attributes, read and checked
/// (CTD4003–CTD4006): the relations the generator completes, and a diagnostic for each attribute it leaves out.
/// </summary>
internal sealed class RelationAttributes
{
    internal const string ConsumerName = "TokenDistributorConsumer";
    internal const string ProviderName = "TokenDistributorProvider";

    private RelationAttributes()
    {
    }

    /// <summary>The consumer relations the generator completes, in attribute order.</summary>
    public List<ConsumerAttributeInfo> Consumers { get; } = [];

    /// <summary>The provider relations the generator completes, in attribute order.</summary>
    public List<ProviderSpec> Providers { get; } = [];

    /// <summary>
    /// The PascalCase names of every consumer relation an attribute names, completed or not: hooks named after a
    /// relation left out (for a reason already reported) are not reported again as misnamed.
    /// </summary>
    public HashSet<string> NamedConsumers { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each attribute names its endpoint, for the checks against the charm's metadata.</summary>
    public List<EndpointUse> Endpoints { get; } = [];

    /// <summary>Reads the attributes of <paramref name="type"/>, adding a diagnostic for each one left out.</summary>
    public static RelationAttributes Read(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var read = new RelationAttributes();
        read.InheritClaims(type);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [type.Name] = string.Empty };
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute))
            {
                var relation = read.Claim(attribute, ConsumerName, EndpointRole.Requires, consumed, names, type, diagnostics, cancellationToken, out var property);
                if (relation is not null && Naming.ToPascalCase(relation) is { Length: > 0 } named)
                {
                    read.NamedConsumers.Add(named);
                }

                if (ReadCommand(attribute, diagnostics, cancellationToken) is { } command && relation is not null && property is not null)
                {
                    read.Consumers.Add(ReadConsumer(attribute, relation, property, command));
                }
            }
        }

        var provided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (!attribute.AttributeClass.Is(KnownNames.ProviderAttribute))
            {
                continue;
            }

            var relation = AttributeSyntaxLocations.RelationOf(attribute);
            if (!string.IsNullOrWhiteSpace(relation) && consumed.Contains(relation!) && !provided.Contains(relation!))
            {
                provided.Add(relation!);
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ConsumerAndProviderOnSameRelation,
                    AttributeSyntaxLocations.Argument(attribute, 0, cancellationToken),
                    relation!,
                    type.Name));
                continue;
            }

            if (read.Claim(attribute, ProviderName, EndpointRole.Provides, provided, names, type, diagnostics, cancellationToken, out var property) is { } claimed && property is not null)
            {
                read.Providers.Add(new ProviderSpec(claimed, property, IsolatesRelations(attribute)));
            }
        }

        return read;
    }

    /// <summary>The relations the base classes' attributes claim (their initialisers wire them), each with its attribute and class.</summary>
    private readonly Dictionary<string, (string Attribute, string Type)> _inherited = new(StringComparer.Ordinal);

    private void InheritClaims(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null && !t.Is(KnownNames.CharmBase); t = t.BaseType)
        {
            foreach (var attribute in t.GetAttributes())
            {
                var name = attribute.AttributeClass.Is(KnownNames.ConsumerAttribute) ? ConsumerName
                    : attribute.AttributeClass.Is(KnownNames.ProviderAttribute) ? ProviderName
                    : null;
                if (name is not null && AttributeSyntaxLocations.RelationOf(attribute) is { Length: > 0 } relation && !_inherited.ContainsKey(relation))
                {
                    _inherited[relation] = (name, t.Name);
                }
            }
        }
    }

    /// <summary>
    /// Checks an attribute's relation (CTD4003, CTD4005) and reserves it and its member name; returns the relation when
    /// it is usable, with <paramref name="property"/> its member name (null when that name cannot be used).
    /// </summary>
    private string? Claim(
        AttributeData attribute,
        string attributeName,
        EndpointRole role,
        HashSet<string> claimed,
        Dictionary<string, string> names,
        INamedTypeSymbol type,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken,
        out string? property)
    {
        property = null;
        var relation = AttributeSyntaxLocations.RelationOf(attribute);
        var location = AttributeSyntaxLocations.Argument(attribute, 0, cancellationToken);
        if (string.IsNullOrWhiteSpace(relation))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyRelationName, location, attributeName, "needs the relation's endpoint name from charmcraft.yaml, e.g. \"cluster\""));
            return null;
        }

        if (_inherited.TryGetValue(relation!, out var inherited))
        {
            // The base charm's generated initialiser wires the relation already; a second wiring runs the protocol twice.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RelationClaimedTwice, location, relation!, inherited.Attribute, inherited.Type));
            return null;
        }

        if (!claimed.Add(relation!))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RelationClaimedTwice, location, relation!, attributeName, type.Name));
            return null;
        }

        Endpoints.Add(new EndpointUse(relation!, role, attributeName, location));
        var name = Naming.ToPascalCase(relation!);
        if (name.Length == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.EmptyRelationName,
                location,
                attributeName,
                "names the relation '" + relation + "', which has no letter or digit to name its generated members after: use the endpoint's name from charmcraft.yaml"));
            return relation;
        }

        if (names.TryGetValue(name, out var owner))
        {
            var clash = owner.Length == 0 ? "the class's own name" : "the member of the relation '" + owner + "'";
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.EmptyRelationName,
                location,
                attributeName,
                "names the relation '" + relation + "', whose generated member '" + name + "' would clash with " + clash + ": rename the endpoint (or the class)"));
            return relation;
        }

        names[name] = relation!;
        property = name;
        return relation;
    }

    /// <summary>The cluster command's words (CTD4004 when it has none, or an empty one).</summary>
    private static EquatableArray<string>? ReadCommand(AttributeData consumer, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (consumer.ConstructorArguments.Length < 2)
        {
            return null;
        }

        var relation = AttributeSyntaxLocations.RelationOf(consumer) ?? "";
        var command = consumer.ConstructorArguments[1];
        if (command.Kind != TypedConstantKind.Array || command.IsNull || command.Values.IsDefaultOrEmpty)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.EmptyConsumerCommand,
                AttributeSyntaxLocations.Of(consumer, cancellationToken),
                relation,
                "needs the cluster command, one word per argument, e.g. \"microctl\""));
            return null;
        }

        var words = new string[command.Values.Length];
        var valid = true;
        for (var i = 0; i < words.Length; i++)
        {
            if (command.Values[i].Value is not string word || string.IsNullOrWhiteSpace(word))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.EmptyConsumerCommand,
                    AttributeSyntaxLocations.Argument(consumer, i + 1, cancellationToken),
                    relation,
                    "has an empty word in its cluster command: give one word per argument, e.g. \"microovn\", \"cluster\""));
                valid = false;
                continue;
            }

            words[i] = word;
        }

        return valid ? new EquatableArray<string>(words) : null;
    }

    /// <summary>The provider attribute's <c>IsolateRelations</c> (false when it is not set).</summary>
    private static bool IsolatesRelations(AttributeData provider)
    {
        foreach (var named in provider.NamedArguments)
        {
            if (named.Key == "IsolateRelations" && named.Value.Value is bool isolate)
            {
                return isolate;
            }
        }

        return false;
    }

    private static ConsumerAttributeInfo ReadConsumer(AttributeData attribute, string relation, string property, EquatableArray<string> command)
    {
        int? lifetime = null;
        int? timeout = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "TokenLifetimeSeconds" when named.Value.Value is int seconds:
                    lifetime = seconds;
                    break;
                case "CliTimeoutSeconds" when named.Value.Value is int seconds:
                    timeout = seconds;
                    break;
            }
        }

        return new ConsumerAttributeInfo(relation, property, command, lifetime, timeout);
    }
}

/// <summary>One consumer attribute the generator completes.</summary>
internal sealed record ConsumerAttributeInfo(string Relation, string PropertyName, EquatableArray<string> Command, int? TokenLifetimeSeconds, int? CliTimeoutSeconds);

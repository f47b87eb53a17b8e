using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Symbols → <see cref="CharmSpec"/>. Runs inside the incremental transform, so it is the only place that sees
/// symbols and syntax; what it returns holds strings, bools, enums and <see cref="EquatableArray{T}"/> only.
/// </summary>
/// <remarks>
/// Anything the generator cannot implement (a generic or non-partial class, a class that does not derive from
/// <c>CharmBase</c>, an attribute with missing arguments, a handler with the wrong shape) is left out silently: the
/// analyzers report it, with a location and a fix, and the generator never reports diagnostics itself.
/// The members are found by walking the class's declarations syntactically, reading <c>[On]</c> and <c>[MirrorKey]</c>
/// from syntax where that is certain and binding a member only otherwise: the transform reruns for every charm on
/// every edit anywhere in the project, and binding members of a fresh compilation is what would make that expensive.
/// </remarks>
internal static class CharmParser
{
    /// <summary>The transform for classes with <c>[TokenDistributorConsumer]</c>.</summary>
    /// <param name="context">The class and its matching attributes.</param>
    /// <param name="readMembersFromSyntax">Read members from syntax where that is certain (see <see cref="MemberSyntaxReader"/>); false binds every attributed member.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    public static CharmSpec? ParseConsumerTarget(GeneratorAttributeSyntaxContext context, bool readMembersFromSyntax, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var attributes = type.GetAttributes();
        return IsFirstDeclarationWith(type, attributes, context.TargetNode, KnownNames.ConsumerAttribute)
            ? Parse(type, attributes, context.SemanticModel, readMembersFromSyntax, cancellationToken)
            : null;
    }

    /// <summary>The transform for classes with <c>[TokenDistributorProvider]</c> (and no consumer attribute: those are parsed once, as consumers).</summary>
    /// <param name="context">The class and its matching attributes.</param>
    /// <param name="readMembersFromSyntax">See <see cref="ParseConsumerTarget"/>.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    public static CharmSpec? ParseProviderTarget(GeneratorAttributeSyntaxContext context, bool readMembersFromSyntax, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var attributes = type.GetAttributes();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute))
            {
                return null;
            }
        }

        return IsFirstDeclarationWith(type, attributes, context.TargetNode, KnownNames.ProviderAttribute)
            ? Parse(type, attributes, context.SemanticModel, readMembersFromSyntax, cancellationToken)
            : null;
    }

    /// <summary>
    /// A partial class may carry the attribute on several declarations; the transform runs once per declaration.
    /// Only the first declaration (in the symbol's declaration order) that carries it produces the spec.
    /// </summary>
    private static bool IsFirstDeclarationWith(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, SyntaxNode target, string attributeName)
    {
        var references = type.DeclaringSyntaxReferences;
        if (references.Length <= 1)
        {
            return true;
        }

        var first = references.Length;
        foreach (var attribute in attributes)
        {
            if (!attribute.AttributeClass.Is(attributeName) || attribute.ApplicationSyntaxReference is not { } application)
            {
                continue;
            }

            for (var i = 0; i < first; i++)
            {
                if (references[i].SyntaxTree == application.SyntaxTree && references[i].Span.Contains(application.Span))
                {
                    first = i;
                    break;
                }
            }
        }

        return first < references.Length
            && references[first].SyntaxTree == target.SyntaxTree
            && references[first].Span == target.Span;
    }

    private static CharmSpec? Parse(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, SemanticModel semanticModel, bool readMembersFromSyntax, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic || type.Arity > 0 || type.IsFileLocal
            || !type.BaseType.IsOrDerivesFrom(KnownNames.CharmBase))
        {
            return null;
        }

        var declarations = new List<ClassDeclarationSyntax>(type.DeclaringSyntaxReferences.Length);
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not ClassDeclarationSyntax declaration
                || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return null;
            }

            declarations.Add(declaration);
        }

        var containingTypes = new List<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.Arity > 0 || Keyword(outer) is not { } keyword || !IsPartial(outer, cancellationToken))
            {
                return null;
            }

            containingTypes.Add(new ContainingTypeSpec(keyword, outer.Name));
        }

        containingTypes.Reverse();

        var names = new HashSet<string>(StringComparer.Ordinal) { type.Name };
        var relations = new HashSet<string>(StringComparer.Ordinal);
        var consumers = new List<ConsumerAttributeInfo>();
        var providers = new List<ProviderSpec>();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute))
            {
                if (ReadConsumer(attribute) is { } consumer && Claim(consumer.Relation, consumer.PropertyName, relations, names))
                {
                    consumers.Add(consumer);
                }
            }
            else if (attribute.AttributeClass.Is(KnownNames.ProviderAttribute))
            {
                if (ReadRelation(attribute) is { } relation && Naming.ToPascalCase(relation) is { Length: > 0 } property
                    && Claim(relation, property, relations, names))
                {
                    providers.Add(new ProviderSpec(relation, property));
                }
            }
        }

        if (consumers.Count == 0 && providers.Count == 0)
        {
            return null;
        }

        var members = ScanMembers(declarations, semanticModel, readMembersFromSyntax, cancellationToken);

        var mirrorKeys = new List<MirrorKeySpec>();
        var keysByConsumer = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var candidate in members.MirrorKeys)
        {
            if (members.ImplementedProperties.Contains(candidate.Spec.PropertyName))
            {
                continue;
            }

            var owner = candidate.Relation is null
                ? (consumers.Count == 1 ? consumers[0] : null)
                : consumers.Find(c => c.Relation == candidate.Relation);
            if (owner is null)
            {
                continue;
            }

            mirrorKeys.Add(candidate.Spec with { ConsumerPropertyName = owner.PropertyName });
            if (!keysByConsumer.TryGetValue(owner.Relation, out var keys))
            {
                keys = [];
                keysByConsumer[owner.Relation] = keys;
            }

            if (!keys.Contains(candidate.Spec.Key))
            {
                keys.Add(candidate.Spec.Key);
            }
        }

        var consumerSpecs = new List<ConsumerSpec>(consumers.Count);
        foreach (var consumer in consumers)
        {
            var implemented = new List<ConsumerHook>();
            foreach (var hook in Naming.ConsumerHooks)
            {
                if (members.OneArgumentMethods.Contains(Naming.HookMethodName(consumer.PropertyName, hook)))
                {
                    implemented.Add(hook);
                }
            }

            consumerSpecs.Add(new ConsumerSpec(
                consumer.Relation,
                consumer.PropertyName,
                consumer.Command,
                consumer.TokenLifetimeSeconds,
                consumer.CliTimeoutSeconds,
                implemented.ToEquatableArray(),
                keysByConsumer.TryGetValue(consumer.Relation, out var declared) ? declared.ToEquatableArray() : EquatableArray<string>.Empty));
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(NamespaceFormat)
            : string.Empty;
        var hintName = new System.Text.StringBuilder();
        if (ns.Length > 0)
        {
            hintName.Append(ns.Replace("@", string.Empty)).Append('.');
        }

        foreach (var outer in containingTypes)
        {
            hintName.Append(outer.Name).Append('.');
        }

        hintName.Append(type.Name).Append(".TokenDistributor.g.cs");

        var hasContextConstructor = !members.HasUserConstructor || members.HasContextConstructor;
        return new CharmSpec(
            ns,
            containingTypes.ToEquatableArray(),
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            hintName.ToString(),
            type.IsAbstract,
            members.HasUserConstructor,
            !type.IsAbstract && hasContextConstructor && IsVisibleInAssembly(type),
            BaseIsAttributedCharm(type),
            consumerSpecs.ToEquatableArray(),
            providers.ToEquatableArray(),
            mirrorKeys.ToEquatableArray(),
            members.Handlers.ToEquatableArray());
    }

    private static readonly SymbolDisplayFormat NamespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>Reserves a relation and its member name; a second attribute for the same relation or name is left to the analyzers.</summary>
    private static bool Claim(string relation, string propertyName, HashSet<string> relations, HashSet<string> names)
    {
        if (relations.Contains(relation) || names.Contains(propertyName))
        {
            return false;
        }

        relations.Add(relation);
        names.Add(propertyName);
        return true;
    }

    private static ConsumerAttributeInfo? ReadConsumer(AttributeData attribute)
    {
        if (ReadRelation(attribute) is not { } relation || Naming.ToPascalCase(relation) is not { Length: > 0 } property
            || attribute.ConstructorArguments.Length != 2)
        {
            return null;
        }

        var commandArgument = attribute.ConstructorArguments[1];
        if (commandArgument.Kind != TypedConstantKind.Array || commandArgument.IsNull || commandArgument.Values.IsDefaultOrEmpty)
        {
            return null;
        }

        var command = new string[commandArgument.Values.Length];
        for (var i = 0; i < command.Length; i++)
        {
            if (commandArgument.Values[i].Value is not string word || string.IsNullOrWhiteSpace(word))
            {
                return null;
            }

            command[i] = word;
        }

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

        return new ConsumerAttributeInfo(relation, property, new EquatableArray<string>(command), lifetime, timeout);
    }

    private static string? ReadRelation(AttributeData attribute)
        => attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } relation
            ? relation
            : null;

    /// <summary>
    /// Walks the class's declarations. Methods and properties whose attributes may be <c>[On]</c> or
    /// <c>[MirrorKey]</c> are read from syntax when that is certain, and bound otherwise; nothing else is bound.
    /// </summary>
    private static MemberScan ScanMembers(List<ClassDeclarationSyntax> declarations, SemanticModel semanticModel, bool readFromSyntax, CancellationToken cancellationToken)
    {
        var scan = new MemberScan();
        foreach (var declaration in declarations)
        {
            if (declaration.ParameterList is { } primary)
            {
                // A primary constructor is a user constructor too.
                scan.HasUserConstructor = true;
                scan.HasContextConstructor |= MemberSyntaxReader.IsContextParameterList(primary);
            }

            // With an alias in scope, an attribute's name says nothing: bind every attributed member of this declaration.
            var bindAll = !readFromSyntax || HasAttributeAlias(declaration);
            SemanticModel? model = null;
            foreach (var member in declaration.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (member)
                {
                    case ConstructorDeclarationSyntax constructor when !constructor.Modifiers.Any(SyntaxKind.StaticKeyword):
                        scan.HasUserConstructor = true;
                        scan.HasContextConstructor |= MemberSyntaxReader.IsContextConstructor(constructor);
                        break;

                    case MethodDeclarationSyntax method:
                        if (method.ParameterList.Parameters.Count == 1 && !method.Modifiers.Any(SyntaxKind.StaticKeyword))
                        {
                            scan.OneArgumentMethods.Add(method.Identifier.ValueText);
                        }

                        if (method.AttributeLists.Count == 0 || (!bindAll && !AnyAttribute(method.AttributeLists, MemberSyntaxReader.MayBeOn)))
                        {
                            break;
                        }

                        if (bindAll || MemberSyntaxReader.ReadHandlers(method, scan.Handlers) == SyntaxRead.NeedsSemantics)
                        {
                            model ??= ModelFor(declaration.SyntaxTree, semanticModel);
                            if (model.GetDeclaredSymbol(method, cancellationToken) is { } symbol)
                            {
                                AddHandlers(symbol, scan.Handlers);
                            }
                        }

                        break;

                    case PropertyDeclarationSyntax property when property.Modifiers.Any(SyntaxKind.PartialKeyword):
                        if (property.ExpressionBody is not null || HasAccessorBody(property))
                        {
                            scan.ImplementedProperties.Add(property.Identifier.ValueText);
                            break;
                        }

                        if (property.AttributeLists.Count == 0 || (!bindAll && !AnyAttribute(property.AttributeLists, MemberSyntaxReader.MayBeMirrorKey)))
                        {
                            break;
                        }

                        MirrorKeyCandidate? candidate = null;
                        if (bindAll || MemberSyntaxReader.ReadMirrorKey(property, out var fromSyntax, out var relation) == SyntaxRead.NeedsSemantics)
                        {
                            model ??= ModelFor(declaration.SyntaxTree, semanticModel);
                            if (model.GetDeclaredSymbol(property, cancellationToken) is { } propertySymbol)
                            {
                                candidate = ReadMirrorKey(propertySymbol, property);
                            }
                        }
                        else if (fromSyntax is not null)
                        {
                            candidate = new MirrorKeyCandidate(fromSyntax, relation);
                        }

                        if (candidate is not null)
                        {
                            scan.MirrorKeys.Add(candidate);
                        }

                        break;
                }
            }
        }

        return scan;
    }

    private static bool AnyAttribute(SyntaxList<AttributeListSyntax> lists, Func<AttributeSyntax, bool> predicate)
    {
        foreach (var list in lists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (predicate(attribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasAccessorBody(PropertyDeclarationSyntax property)
    {
        if (property.AccessorList is { } accessors)
        {
            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a using alias in scope of <paramref name="declaration"/> names an attribute type (so attribute names cannot be trusted).</summary>
    private static bool HasAttributeAlias(SyntaxNode declaration)
    {
        for (var node = declaration.Parent; node is not null; node = node.Parent)
        {
            var usings = node switch
            {
                BaseNamespaceDeclarationSyntax ns => ns.Usings,
                CompilationUnitSyntax unit => unit.Usings,
                _ => default,
            };
            foreach (var directive in usings)
            {
                if (directive.Alias is not null && directive.NamespaceOrType is NameSyntax target
                    && target.ToString().EndsWith("Attribute", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static SemanticModel ModelFor(SyntaxTree tree, SemanticModel semanticModel)
        => tree == semanticModel.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(tree);

    private static void AddHandlers(IMethodSymbol method, List<HandlerSpec> handlers)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (!attribute.AttributeClass.Is(KnownNames.OnAttribute) || HandlerShape.Problem(method, attribute, out var kind, out var endpoint) is not null)
            {
                continue;
            }

            var handler = new HandlerSpec(method.Name, method.IsStatic, method.Parameters.Length == 1, kind, endpoint);
            if (!handlers.Contains(handler))
            {
                handlers.Add(handler);
            }
        }
    }

    private static MirrorKeyCandidate? ReadMirrorKey(IPropertySymbol property, PropertyDeclarationSyntax syntax)
    {
        AttributeData? mirrorKey = null;
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass.Is(KnownNames.MirrorKeyAttribute))
            {
                mirrorKey = attribute;
                break;
            }
        }

        if (mirrorKey is null || !property.IsPartialDefinition || property.PartialImplementationPart is not null || property.IsStatic
            || property.IsIndexer || property.Type.SpecialType != SpecialType.System_String || syntax.AccessorList is not { } accessorList
            || mirrorKey.ConstructorArguments.Length != 1 || mirrorKey.ConstructorArguments[0].Value is not string { Length: > 0 } key)
        {
            return null;
        }

        var accessors = new List<AccessorSpec>(accessorList.Accessors.Count);
        foreach (var accessor in accessorList.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return null;
            }

            accessors.Add(new AccessorSpec(MemberSyntaxReader.JoinModifiers(accessor.Modifiers), accessor.Keyword.ValueText));
        }

        string? relation = null;
        foreach (var named in mirrorKey.NamedArguments)
        {
            if (named.Key == "Relation" && named.Value.Value is string given)
            {
                relation = given;
            }
        }

        var spec = new MirrorKeySpec(
            property.Name,
            key,
            ConsumerPropertyName: string.Empty,
            MemberSyntaxReader.JoinModifiers(syntax.Modifiers),
            property.Type.NullableAnnotation == NullableAnnotation.Annotated,
            accessors.ToEquatableArray());
        return new MirrorKeyCandidate(spec, relation);
    }

    private static string? Keyword(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Class => type.IsRecord ? "record" : "class",
        TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
        TypeKind.Interface => "interface",
        _ => null,
    };

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
                || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return type.DeclaringSyntaxReferences.Length > 0;
    }

    /// <summary>Whether a top-level class elsewhere in the assembly can name the type.</summary>
    private static bool IsVisibleInAssembly(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool BaseIsAttributedCharm(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null && !t.Is(KnownNames.CharmBase); t = t.BaseType)
        {
            foreach (var attribute in t.GetAttributes())
            {
                if (attribute.AttributeClass.Is(KnownNames.ConsumerAttribute) || attribute.AttributeClass.Is(KnownNames.ProviderAttribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record ConsumerAttributeInfo(string Relation, string PropertyName, EquatableArray<string> Command, int? TokenLifetimeSeconds, int? CliTimeoutSeconds);

    private sealed record MirrorKeyCandidate(MirrorKeySpec Spec, string? Relation);

    private sealed class MemberScan
    {
        public bool HasUserConstructor { get; set; }

        public bool HasContextConstructor { get; set; }

        public HashSet<string> ImplementedProperties { get; } = new(StringComparer.Ordinal);

        public HashSet<string> OneArgumentMethods { get; } = new(StringComparer.Ordinal);

        public List<HandlerSpec> Handlers { get; } = [];

        public List<MirrorKeyCandidate> MirrorKeys { get; } = [];
    }
}

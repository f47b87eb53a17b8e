using System;
using System.Collections.Generic;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Walks the class's declarations for what the generator needs of its members: constructors, <c>[On]</c> handlers,
/// <c>[MirrorKey]</c> properties and methods that may be hooks. Handlers and mirror keys are read from syntax when that
/// is certain (<see cref="MemberSyntaxReader"/>, <see cref="MirrorKeyReader"/>) and bound otherwise; nothing else is bound.
/// </summary>
internal static class MemberScanner
{
    /// <summary>Scans <paramref name="declarations"/> of <paramref name="type"/>.</summary>
    public static MemberScan Scan(INamedTypeSymbol type, List<ClassDeclarationSyntax> declarations, SemanticModel semanticModel, bool readFromSyntax, CancellationToken cancellationToken)
    {
        var scan = new MemberScan(tree => ModelFor(tree, semanticModel));
        foreach (var declaration in declarations)
        {
            if (declaration.ParameterList is { } primary)
            {
                // A primary constructor is a user constructor too, and one that cannot call the initialiser (CTD4012).
                scan.HasUserConstructor = true;
                scan.HasContextConstructor |= MemberSyntaxReader.IsContextParameterList(primary);
                scan.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructorCharm, primary.GetLocation(), type.Name, KnownNames.InitializeMethod));
            }

            // With an alias in scope, an attribute's name says nothing: bind every attributed member of this declaration.
            var bindAll = !readFromSyntax || HasAttributeAlias(declaration);
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
                        ScanMethod(method, declaration, bindAll, scan, cancellationToken);
                        break;

                    case PropertyDeclarationSyntax property:
                        ScanProperty(property, declaration, bindAll, scan, cancellationToken);
                        break;
                }
            }
        }

        return scan;
    }

    private static void ScanMethod(MethodDeclarationSyntax method, ClassDeclarationSyntax declaration, bool bindAll, MemberScan scan, CancellationToken cancellationToken)
    {
        var isPartial = method.Modifiers.Any(SyntaxKind.PartialKeyword);
        var parameters = method.ParameterList.Parameters;
        if (!method.Modifiers.Any(SyntaxKind.StaticKeyword) && (isPartial || (parameters.Count == 1 && method.Identifier.ValueText.StartsWith("On", StringComparison.Ordinal))))
        {
            scan.Methods.Add(new HookMethodCandidate(
                method.Identifier.ValueText,
                isPartial,
                method.Body is not null || method.ExpressionBody is not null,
                parameters.Count,
                parameters.Count == 1 ? parameters[0].Type : null,
                method.Identifier.GetLocation(),
                method));
        }

        if (method.AttributeLists.Count == 0 || (!bindAll && !AnyAttribute(method.AttributeLists, MemberSyntaxReader.MayBeOn)))
        {
            return;
        }

        if ((bindAll || MemberSyntaxReader.ReadHandlers(method, scan.Handlers, scan.HandlerEndpoints) == SyntaxRead.NeedsSemantics)
            && scan.Model(declaration.SyntaxTree).GetDeclaredSymbol(method, cancellationToken) is { } symbol)
        {
            AddHandlers(symbol, scan, cancellationToken);
        }
    }

    private static void ScanProperty(PropertyDeclarationSyntax property, ClassDeclarationSyntax declaration, bool bindAll, MemberScan scan, CancellationToken cancellationToken)
    {
        if (property.Modifiers.Any(SyntaxKind.PartialKeyword) && (property.ExpressionBody is not null || HasAccessorBody(property)))
        {
            // The author's own implementation part: not the generator's to implement.
            scan.ImplementedProperties.Add(property.Identifier.ValueText);
            return;
        }

        if (property.AttributeLists.Count == 0 || (!bindAll && !AnyAttribute(property.AttributeLists, MemberSyntaxReader.MayBeMirrorKey)))
        {
            return;
        }

        MirrorKeyCandidate? candidate = null;
        if ((bindAll || MirrorKeyReader.FromSyntax(property, out candidate) == SyntaxRead.NeedsSemantics)
            && scan.Model(declaration.SyntaxTree).GetDeclaredSymbol(property, cancellationToken) is { } symbol)
        {
            candidate = MirrorKeyReader.FromSymbol(symbol, property, cancellationToken);
        }

        if (candidate is not null)
        {
            scan.MirrorKeys.Add(candidate);
        }
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

    private static void AddHandlers(IMethodSymbol method, MemberScan scan, CancellationToken cancellationToken)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (!attribute.AttributeClass.Is(KnownNames.OnAttribute) || HandlerShape.Problem(method, attribute, out var kind, out var endpoint) is not null)
            {
                continue;
            }

            var handler = new HandlerSpec(method.Name, method.IsStatic, method.Parameters.Length == 1, kind, endpoint);
            MemberSyntaxReader.Add(handler, AttributeSyntaxLocations.Of(attribute, cancellationToken), scan.Handlers, scan.HandlerEndpoints);
        }
    }
}

/// <summary>What <see cref="MemberScanner"/> found; lives only inside one transform (it holds syntax and a binder).</summary>
internal sealed class MemberScan
{
    private readonly Func<SyntaxTree, SemanticModel> _modelFor;
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];

    public MemberScan(Func<SyntaxTree, SemanticModel> modelFor) => _modelFor = modelFor;

    public bool HasUserConstructor { get; set; }

    public bool HasContextConstructor { get; set; }

    public HashSet<string> ImplementedProperties { get; } = new(StringComparer.Ordinal);

    public List<HookMethodCandidate> Methods { get; } = [];

    public List<HandlerSpec> Handlers { get; } = [];

    public List<EndpointUse> HandlerEndpoints { get; } = [];

    public List<MirrorKeyCandidate> MirrorKeys { get; } = [];

    /// <summary>CTD4012, one per primary constructor.</summary>
    public List<DiagnosticInfo> Diagnostics { get; } = [];

    /// <summary>The semantic model of <paramref name="tree"/>, made at most once.</summary>
    public SemanticModel Model(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out var model))
        {
            model = _modelFor(tree);
            _models[tree] = model;
        }

        return model;
    }

    /// <summary>Binds a method declaration (for <see cref="HookMethods"/>).</summary>
    public IMethodSymbol? Bind(MethodDeclarationSyntax method) => Model(method.SyntaxTree).GetDeclaredSymbol(method);
}
